// Keeps factcheck's build cache (.factcheck-cache/) between Netlify builds, with
// Netlify's own cache utility. Every push is built from a fresh clone: without the
// cache, every claim is matched against every source again (minutes on an archive of
// thousands of articles); with it, only the claims and sources the push changed are.
// The cache is keyed by content and by the generator's code, never trusted blindly:
// a stale or damaged one only makes the build slower.
const CACHE = ".factcheck-cache";

module.exports = {
  async onPreBuild({ utils }) {
    if (await utils.cache.restore(CACHE)) {
      console.log(`factcheck: restored ${CACHE}/ from the last build`);
    } else {
      console.log(`factcheck: no ${CACHE}/ from an earlier build; this build starts cold`);
    }
  },
  async onPostBuild({ utils }) {
    if (await utils.cache.save(CACHE)) {
      console.log(`factcheck: saved ${CACHE}/ for the next build`);
    }
  },
};
