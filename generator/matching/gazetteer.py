"""A small, general gazetteer: countries (aliases, demonyms, capitals), major world
cities and regions. It only helps typing and aliasing; entities not listed here are
typed from capitalisation and context (see entities.py)."""

from __future__ import annotations

# canonical country: (aliases, demonyms, capital)
_COUNTRIES = {
    "united kingdom": ("uk|britain|great britain|united kingdom|gb", "british|briton|britons", "london"),
    "united states": ("us|usa|united states|america|united states of america", "american|americans", "washington"),
    "japan": ("japan", "japanese", "tokyo"),
    "china": ("china|people's republic of china|prc", "chinese", "beijing"),
    "taiwan": ("taiwan", "taiwanese", "taipei"),
    "russia": ("russia|russian federation", "russian|russians", "moscow"),
    "ukraine": ("ukraine", "ukrainian|ukrainians", "kyiv|kiev"),
    "france": ("france", "french", "paris"),
    "germany": ("germany", "german|germans", "berlin"),
    "italy": ("italy", "italian|italians", "rome"),
    "spain": ("spain", "spanish", "madrid"),
    "portugal": ("portugal", "portuguese", "lisbon"),
    "netherlands": ("netherlands|holland", "dutch", "amsterdam"),
    "belgium": ("belgium", "belgian", "brussels"),
    "switzerland": ("switzerland", "swiss", "bern"),
    "austria": ("austria", "austrian", "vienna"),
    "poland": ("poland", "polish|poles", "warsaw"),
    "sweden": ("sweden", "swedish", "stockholm"),
    "norway": ("norway", "norwegian", "oslo"),
    "denmark": ("denmark", "danish", "copenhagen"),
    "finland": ("finland", "finnish", "helsinki"),
    "ireland": ("ireland|republic of ireland", "irish", "dublin"),
    "greece": ("greece", "greek", "athens"),
    "turkey": ("turkey|turkiye", "turkish", "ankara"),
    "canada": ("canada", "canadian|canadians", "ottawa"),
    "mexico": ("mexico", "mexican", "mexico city"),
    "brazil": ("brazil", "brazilian", "brasilia"),
    "argentina": ("argentina", "argentine|argentinian", "buenos aires"),
    "chile": ("chile", "chilean", "santiago"),
    "colombia": ("colombia", "colombian", "bogota"),
    "australia": ("australia", "australian|australians", "canberra"),
    "new zealand": ("new zealand|nz", "new zealander", "wellington"),
    "india": ("india", "indian|indians", "new delhi"),
    "pakistan": ("pakistan", "pakistani", "islamabad"),
    "bangladesh": ("bangladesh", "bangladeshi", "dhaka"),
    "indonesia": ("indonesia", "indonesian", "jakarta"),
    "philippines": ("philippines", "filipino|philippine", "manila"),
    "vietnam": ("vietnam|viet nam", "vietnamese", "hanoi"),
    "thailand": ("thailand", "thai", "bangkok"),
    "malaysia": ("malaysia", "malaysian", "kuala lumpur"),
    "singapore": ("singapore", "singaporean", "singapore"),
    "south korea": ("south korea|korea|republic of korea", "south korean|korean", "seoul"),
    "north korea": ("north korea|dprk", "north korean", "pyongyang"),
    "iran": ("iran", "iranian", "tehran"),
    "iraq": ("iraq", "iraqi", "baghdad"),
    "israel": ("israel", "israeli|israelis", "jerusalem"),
    "saudi arabia": ("saudi arabia", "saudi", "riyadh"),
    "egypt": ("egypt", "egyptian", "cairo"),
    "south africa": ("south africa", "south african", "pretoria"),
    "nigeria": ("nigeria", "nigerian", "abuja"),
    "kenya": ("kenya", "kenyan", "nairobi"),
    "ethiopia": ("ethiopia", "ethiopian", "addis ababa"),
    "syria": ("syria", "syrian", "damascus"),
    "afghanistan": ("afghanistan", "afghan", "kabul"),
}

# Major cities that are not capitals above, and world regions (type "place").
CITIES = frozenset(
    """new york|los angeles|chicago|san francisco|boston|houston|seattle|miami|toronto|montreal
    |vancouver|sydney|melbourne|shanghai|hong kong|osaka|kyoto|mumbai|bombay|kolkata|bangalore
    |dubai|istanbul|milan|munich|frankfurt|hamburg|barcelona|lyon|marseille|manchester
    |birmingham|glasgow|edinburgh|liverpool|geneva|zurich|st petersburg|sao paulo
    |rio de janeiro|lagos|johannesburg|cape town|tel aviv|karachi|lahore|busan|yokohama
    |nagoya|sapporo|wuhan|shenzhen|guangzhou|taipei|odesa|odessa|kharkiv|lviv|minsk"""
    .replace("\n", "").replace(" |", "|").split("|")
)
REGIONS = frozenset(
    """europe|asia|africa|antarctica|oceania|north america|south america|latin america
    |middle east|east asia|southeast asia|south asia|central asia|asia-pacific|indo-pacific
    |pacific|atlantic|arctic|mediterranean|balkans|caribbean|scandinavia|siberia|crimea
    |donbas|gaza|west bank|kashmir|tibet|xinjiang|england|scotland|wales|northern ireland
    |california|texas|florida|bavaria|quebec|ontario"""
    .replace("\n", "").replace(" |", "|").split("|")
)

COUNTRY_OF: dict[str, str] = {}  # alias or demonym -> canonical country
DEMONYMS: frozenset[str]
CAPITAL_OF: dict[str, str] = {}  # capital -> canonical country

_demonyms = set()
for _canonical, (_aliases, _demonyms_text, _capitals) in _COUNTRIES.items():
    for _alias in _aliases.split("|"):
        COUNTRY_OF[_alias] = _canonical
    for _demonym in _demonyms_text.split("|"):
        COUNTRY_OF.setdefault(_demonym, _canonical)
        _demonyms.add(_demonym)
    for _capital in _capitals.split("|"):
        CAPITAL_OF[_capital] = _canonical
DEMONYMS = frozenset(_demonyms)
