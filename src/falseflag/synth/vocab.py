"""Word lists and sentence templates the synthetic corpus is built from.

Everything here is invented: fictional countries, places, people, outlets and agencies.
Templates use ``{X}`` for a slot and ``[...]`` around a hedge cue.
"""

from __future__ import annotations

# --- Places, people, organisations -------------------------------------------------------

COUNTRIES = [
    # name, demonym, capital
    ("Valdoria", "Valdorian", "Velmar"),
    ("Kresnia", "Kresnian", "Dorvik"),
    ("Ostrelia", "Ostrelian", "Port Amsel"),
    ("Lutavia", "Lutavian", "Lutava"),
    ("Borvania", "Borvanian", "Grenzau"),
    ("Serenia", "Serenian", "Solvay"),
    ("Marrovia", "Marrovian", "Kastelno"),
    ("Dalmora", "Dalmoran", "Sivren"),
    ("Estrania", "Estranian", "Aldrecht"),
    ("Novaria", "Novarian", "Tirsk"),
    ("Tarsenia", "Tarsenian", "Belgor"),
    ("Halvenia", "Halvenian", "Rönnberg"),
]

CORE_PLACES = [
    "Tolvek", "Marisk", "Zerav", "Kalmont", "Brisna", "Orvel", "Dunmara", "Pelsk", "Keldra",
    "Sorvik", "Lindhal", "Graslo", "Ravno", "Hollin", "Quessel", "Varnholt", "Eskova", "Olkhav",
    "Pernit", "Tresk", "Ulmara", "Vodlin", "Wessa", "Brennik", "Czorna", "Dravik", "Émonde",
    "Fjelby", "Gorász", "Hvaldo", "Ilvesta", "Jarmuk", "Kestrin", "Lomvé", "Mirosk", "Nadrel",
    "Oskarvik",
]
"""37 places: the place slot of quote bodies (its size is the code's alphabet)."""

PLACE_HEADS = [
    "Al", "Bel", "Cor", "Dan", "El", "Fer", "Gal", "Hal", "Ist", "Jar", "Kor", "Lem", "Mor", "Nev",
    "Ol", "Pol", "Rav", "Sel", "Tor", "Ul", "Var", "Zel", "Brû", "Skå", "Ost", "Wer", "Dub", "Ker",
]
PLACE_TAILS = [
    "ava", "ovo", "ensk", "ina", "holm", "stead", "ovka", "ara", "eni", "ville", "burg", "ka", "ek",
    "mont", "ir", "sk", "ita", "ane", "ov", "ice", "ach", "ery", "und", "ola",
]

FIRST_NAMES = [
    "Jana", "Tomás", "Zoë", "Łukasz", "Ingrid", "Mehmet", "Aïcha", "Søren", "Ngozi", "Élodie",
    "Björn", "Ana", "Kofi", "Mei", "Rafael", "Yusuf", "Olga", "Pieter", "Chiara", "Hiroshi",
    "Amara", "Mateus", "Noémie", "Kwame", "Lena", "Iñaki", "Zsófia", "Arjun", "Fatima", "Henrik",
    "Leila", "Marek", "Nadia", "Oskar", "Priya", "Quentin", "Rasmus", "Sina", "Teodor", "Uma",
    "Vilja", "Wiktor", "Ximena", "Yara", "Zoltán", "Aleksander", "Bianca", "Cem", "Dagny", "Emeka",
    "Farah", "Gustavo", "Hana", "Ilse", "Jonas", "Katarzyna", "Luís", "Maëlle", "Nikolai", "Orla",
    "Paulina", "Radu", "Sigrún", "Tariq", "Ulla", "Vera", "Wanjiru", "Yosef", "Zainab", "Agnieszka",
    "Bruno", "Camille", "Dorota", "Erik", "Filipa", "Goran", "Helga", "Ismail", "Józef", "Keiko",
]

LAST_NAMES = [
    "Novák", "Weber", "Kowalczyk", "Haddad", "Okafor", "Lindqvist", "Moreau", "Ferreira", "Yilmaz",
    "Tanaka", "Mensah", "Rossi", "Jansen", "Dubois", "Nowak", "Petrović", "Andersen", "Şahin",
    "Müller", "García", "Nakamura", "Oyelaran", "Halvorsen", "Kaczmarek", "Lefèvre", "Bianchi",
    "Costa", "Demir", "Eriksson", "Fischer", "Gonçalves", "Horvat", "Ivanova", "Jovanović", "Kovač",
    "Larsen", "Mäkinen", "Nielsen", "Olsen", "Popescu", "Quispe", "Rahman", "Sørensen", "Takács",
    "Urquhart", "Varga", "Wójcik", "Xu", "Yamamoto", "Zieliński", "Abara", "Bergström", "Cruz",
    "Dąbrowski", "Estévez", "Fontaine", "Grünewald", "Hakimi", "Ibáñez", "Juhász", "Kiplagat",
    "Lund", "Moldovan", "Ndlovu", "Pereira", "Quaresma", "Ruiz", "Szabó", "Tamm", "Uysal",
    "Vasquez", "Wiśniewski", "Yanev", "Zapata", "Achterberg", "Brennan", "Ćosić", "Delacroix",
    "Eklund", "Fajardo", "Gallagher", "Hofmann", "Ilić", "Jakobsen", "Keller", "Lindgren",
    "Marchetti", "Nyström", "Oduya", "Pacheco", "Rinaldi", "Sandoval", "Tiwari", "Ueda",
    "Villanueva", "Wagner", "Yıldız", "Zeller", "Ambrose", "Castellano",
]

ROLES = [
    "defence minister", "foreign minister", "interior minister", "presidential spokesperson",
    "government spokesperson", "army spokesman", "national security adviser",
    "deputy foreign minister", "intelligence chief", "chief negotiator", "border guard commander",
    "ambassador", "opposition leader", "prime minister", "chief of the general staff",
    "foreign ministry spokeswoman", "energy minister", "deputy defence minister", "navy commander",
    "security council secretary",
]

STATE_BODIES = [
    "Ministry of Defence", "Ministry of Foreign Affairs", "Ministry of the Interior",
    "State Security Service", "Border Guard Service", "Military Intelligence Directorate",
    "Cyber Command", "Emergency Committee", "Ministry of Energy", "Information Agency",
]
ORG_KINDS = ["Foundation", "Observatory", "Monitoring Group", "Research Council", "Civic Forum", "Press Club"]
INSTITUTE_TOPICS = [
    "Security", "Border", "Conflict", "Energy", "Strategic", "Eastern", "Maritime", "Defence",
    "Media", "Regional", "Peace", "Policy",
]
INSTITUTE_KINDS = ["Institute", "Centre", "Council", "Studies Group", "Analysis Centre"]

GROUPS = [
    "Red Dawn Brigade", "Iron Crossing Front", "Free Dalmora Movement", "Black River Volunteers",
    "Steppe Guard", "Northern Liberation Army", "White Eagle Legion", "Zerav People's Militia",
    "Coastal Defence League", "Sons of the Border", "Patriotic Union of Kresnia", "Grey Wolves of Tolvek",
]
EVENTS = [
    "Northwind Summit", "Solvay Talks", "Dorvik Accords", "Lutava Conference", "Velmar Forum",
    "Aldrecht Round", "Belgor Dialogue", "Tirsk Ceasefire",
]

OUTLET_HEADS = [
    "Harbor", "Meridian", "Northgate", "Capital", "Evening", "Morning", "Daily", "Weekly", "Global",
    "Continental", "Coastal", "Central", "Lakeside", "Riverside", "Highland", "Union", "Liberty",
    "Frontier", "Metro", "Pioneer", "Summit", "Crescent", "Beacon", "Atlas", "Granite", "Silver",
    "Cedar", "Oakwood", "Westbrook", "Eastfield",
]
OUTLET_TAILS = [
    "Ledger", "Herald", "Post", "Wire", "Gazette", "Courier", "Tribune", "Observer", "Dispatch",
    "Monitor", "Chronicle", "Sentinel", "Bulletin", "Review", "Journal", "Times", "Telegraph",
    "Express", "Standard", "Record",
]
AGENCIES = [
    ("Meridian Press Agency", "MPA"), ("Continental News Service", "CNS"),
    ("Northern Wire Agency", "NWA"), ("Valdorian State News Agency", "VSNA"),
    ("Kresnian Telegraph Agency", "KTA"), ("Global Report Service", "GRS"),
    ("United Newswire", "UNW"), ("Pan-Estranian Press", "PEP"),
]

# --- Quotes --------------------------------------------------------------------------------

OPENINGS_DIRECT = [
    "We have information that", "We are concerned that", "We believe that",
    "What we are seeing is that", "We have reason to believe that", "Our information indicates that",
    "It is clear to us that", "We know that",
]
OPENINGS_INDIRECT = [
    "there is information that", "there is concern that", "there is evidence that",
    "it is clear that", "the information indicates that",
]

# Quote bodies: "{0} {1} {2} {3} {4} {5} {6} {7} {8}, {9}". Each slot has CODE_BASE entries and a
# quote picks one per slot from a Reed-Solomon codeword, so two bodies differ in most slots.
# No entry contains a hedge word: hedges belong to claim mentions only.
BODY_SLOTS = [
    [  # 0 subject (plural)
        "the operatives", "the sabotage teams", "the reserve battalions", "their commanders",
        "the border units", "the new recruits", "the armoured brigades", "the paramilitary groups",
        "the special forces", "the logistics units", "the engineering crews", "the naval infantry",
        "the air defence crews", "the militia leaders", "the contract soldiers",
        "the intelligence officers", "the artillery regiments", "the supply convoys",
        "the mercenary units", "the training instructors", "the signal companies",
        "the drone operators", "the military police", "the railway troops", "the medical units",
        "the cyber teams", "the propaganda teams", "the staff officers", "the tank crews",
        "the helicopter squadrons", "the marine units", "the field commanders",
        "the rapid reaction forces", "the volunteer detachments", "the security services",
        "the border guards", "the reconnaissance teams",
    ],
    [  # 1 verb
        "are moving", "have quietly moved", "keep hauling", "are unloading", "have stockpiled",
        "are hiding", "are repairing", "have brought in", "are assembling", "have been collecting",
        "are camouflaging", "are testing", "have positioned", "are loading", "keep delivering",
        "have requisitioned", "are guarding", "have dispersed", "are concentrating",
        "have been shipping", "are deploying", "are transferring", "have been storing",
        "are preparing", "have started moving", "are refuelling", "have rebuilt", "are painting over",
        "are fitting out", "have seized", "are inspecting", "have resupplied", "are shuttling",
        "have massed", "are redeploying", "are reinforcing", "are clearing",
    ],
    [  # 2 adjective
        "heavy", "mobile", "unmarked", "refurbished", "foreign-made", "outdated", "long-range",
        "short-range", "armoured", "camouflaged", "civilian-looking", "modernised", "decommissioned",
        "experimental", "stolen", "improvised", "captured", "newly delivered", "second-hand",
        "mothballed", "high-precision", "portable", "tracked", "wheeled", "towed", "amphibious",
        "encrypted", "reconditioned", "unregistered", "hastily repaired", "old", "surplus",
        "prototype", "leased", "borrowed", "salvaged", "disguised",
    ],
    [  # 3 noun
        "artillery", "fuel trucks", "rocket launchers", "field kitchens", "radio jammers",
        "pontoon bridges", "ammunition crates", "command vehicles", "field hospitals", "drones",
        "mortars", "generators", "radar units", "troop carriers", "anti-tank weapons",
        "mine-clearing vehicles", "supply barges", "water tankers", "communication masts", "tents",
        "bulldozers", "tow trucks", "spare parts", "night-vision gear", "body armour",
        "railway wagons", "signal relays", "missile batteries", "searchlights", "medical kits",
        "satellite dishes", "rifles", "cranes", "loudspeakers", "fuel bladders", "flatbed trailers",
        "excavators",
    ],
    [  # 4 origin
        "from the northern depots", "from old naval stocks", "from the reserve stores",
        "from a disused factory", "from the capital", "from across the river", "from the coastal bases",
        "from abandoned barracks", "from the airfield", "from the rail yards", "from private warehouses",
        "from the mountain camps", "from the training grounds", "from the southern garrison",
        "from the border villages", "from leased hangars", "from the old mines", "from the port terminals",
        "from the fuel farms", "from the army museum", "from the state farms", "from the repair plants",
        "from the forest camps", "from the islands", "from the steppe", "from the marshes",
        "from the lake shore", "from the ferry docks", "from the salt flats", "from the quarries",
        "from the sugar mill", "from the cement works", "from the old fortress", "from the valley",
        "from the highlands", "from the frontier posts", "from the university campus",
    ],
    None,  # 5 place: a preposition and CORE_PLACES[i]
    [  # 6 route
        "by rail", "on civilian trucks", "along forest roads", "in unmarked lorries", "by night ferry",
        "on flatbed wagons", "through the marshes", "along the river", "over the mountain pass",
        "on farm tractors", "in refrigerated trucks", "in ambulances", "in delivery vans", "on barges",
        "by helicopter", "in school buses", "along the old canal", "across the frozen lake",
        "on cargo planes", "in shipping containers", "through back roads", "through the industrial zone",
        "past the checkpoints", "under tarpaulins", "in grain trucks", "through the forest",
        "on the coastal road", "via the motorway", "along the pipeline route", "in fishing boats",
        "in tourist coaches", "on military trains", "through the tunnels", "in fuel tankers",
        "on horse carts", "in garbage trucks", "by small plane",
    ],
    [  # 7 time
        "every night", "since early autumn", "over the past ten days", "before each round of talks",
        "at dawn", "under cover of darkness", "during the exercises", "since the summit",
        "twice a week", "over the weekend", "in recent days", "since mid-December",
        "throughout the winter", "after the ceasefire talks stalled", "before the snow melts",
        "while the inspectors were away", "in broad daylight", "on a daily basis", "for several weeks",
        "since the elections", "ahead of the holiday", "each time the talks resume",
        "whenever the satellites pass", "in small convoys", "at irregular intervals", "late at night",
        "over the past month", "since the border closed", "during the storm", "almost every day",
        "before the deadline", "since the start of the year", "in the early hours",
        "during the blackout", "on weekends", "as the talks continue", "after dark",
    ],
    [  # 8 purpose
        "to stage an incident", "to disguise the buildup", "to provoke a response",
        "to blame the other side", "to test the defences", "to prepare a pretext", "to stir up panic",
        "to create a crisis", "to justify an intervention", "to intimidate the neighbours",
        "to cover their tracks", "to fake an attack", "to rehearse an assault", "to unsettle the markets",
        "to confuse the monitors", "to pressure the negotiators", "to set up a provocation",
        "to open a second front", "to sow distrust", "to mislead the observers", "to stage a rescue",
        "to win time", "to signal resolve", "to frighten the villagers", "to flood the airwaves",
        "to break the stalemate", "to rattle the alliance", "to encircle the garrison",
        "to seize the crossings", "to cut the supply lines", "to undermine the talks",
        "to discredit the monitors", "to manufacture evidence", "to plant weapons",
        "to sabotage the pipeline", "to stage a mutiny", "to blind the radars",
    ],
    [  # 9 coda
        "and the satellite images confirm it", "despite repeated denials",
        "which has alarmed the neighbours", "as the talks stall", "while the diplomats keep talking",
        "and the evidence keeps growing", "and nobody is hiding it anymore",
        "and the pattern is unmistakable", "which is deeply troubling",
        "and that is a serious escalation", "and the timing is no accident",
        "and the local officials know it", "which the monitors have documented",
        "and the convoys are getting longer", "in violation of every agreement",
        "and that should worry everyone", "which changes the calculation", "and the world should take note",
        "and this is not a drill", "and the signs are everywhere", "which the radar logs show",
        "and the villagers have seen it", "and the numbers keep rising", "which no exercise can explain",
        "and the railway records prove it", "and that is the real story",
        "which the inspectors confirmed", "and the warnings were ignored", "and the clock is ticking",
        "in plain sight", "and the pressure is mounting", "with no explanation at all",
        "and the phone intercepts match", "which is no coincidence", "and the drills are a cover",
        "which makes a deal harder", "and the pace is accelerating",
    ],
]
PLACE_PREPOSITIONS = ["near", "outside", "toward", "beyond", "north of", "south of", "east of", "west of", "close to", "behind"]

DRIFT_INSERTS = ["already", "now", "still", "clearly", "also", "even", "again", "openly", "actively", "secretly"]
"""Words a drifted quote may gain; none of them is a body slot word or a hedge."""
DRIFT_SYNONYMS = {
    "information": "intelligence", "concerned": "worried", "believe": "think", "indicates": "shows",
    "moving": "shifting", "hiding": "concealing", "assembling": "gathering", "heavy": "large",
    "night": "evening", "talks": "negotiations", "neighbours": "neighbors", "evidence": "proof",
    "weekend": "holiday", "troubling": "disturbing", "monitors": "observers", "crisis": "conflict",
    "quietly": "discreetly", "operatives": "agents", "unloading": "offloading", "stolen": "looted",
    "repairing": "fixing", "dawn": "daybreak", "commanders": "officers", "clear": "obvious",
    "know": "see", "seen": "noticed", "rising": "growing", "buildup": "build-up",
}

ANONYMOUS_SPEAKERS = [
    "a senior official", "a senior {dem} official", "two people familiar with the matter",
    "a Western diplomat", "an intelligence source", "a defence official who asked not to be named",
    "officials", "a person briefed on the talks", "a military source", "a government insider",
    "three officials", "a senior administration official", "a {dem} security source", "diplomats",
    "a source close to the talks",
]

CUES_AFTER = ["said", "told reporters", "warned", "added", "insisted", "assured", "noted", "stressed", "argued"]
CUES_INVERTED = ["said", "added", "warned"]
CUES_BEFORE = ["said", "warned", "told reporters", "wrote on social media", "detailed in a press conference", "added"]
CUES_INDIRECT = ["said", "told reporters", "warned", "claimed", "assured", "insisted", "noted", "argued", "has said"]
CUES_ORGANIZATION = ["said in a statement", "announced", "warned", "claimed"]
CUES_MEDIA = ["reported", "wrote", "said in an editorial"]
CUES_UNATTRIBUTED = ["It has been reported", "It was claimed", "It is being said"]

# --- Claims --------------------------------------------------------------------------------

CLAIM_TEMPLATES = [
    # kind, statement, flat wordings, hedged wordings, objects (CLAIM_OBJECTS long), unit range
    ("intent", "{A} is preparing {O} against {B} near {P}",
     ["{A} is preparing {O} against {B} near {P}", "{A} has been preparing {O} against {B} near {P}"],
     ["{A} [could] be preparing {O} against {B} near {P}", "{A} [may] be preparing {O} against {B} near {P}",
      "{A} is [reportedly] preparing {O} against {B} near {P}", "{A} is [believed to] be preparing {O} against {B} near {P}",
      "{A} is [allegedly] preparing {O} against {B} near {P}"],
     ["a false flag operation", "a staged provocation", "a covert sabotage campaign", "a fabricated attack",
      "a cross-border raid", "an information operation", "a pretext for invasion", "a wave of bombings",
      "a cyberattack on the power grid", "a naval blockade", "a surprise incursion", "a coup attempt",
      "an assault on the airport", "a campaign of arson", "a mock evacuation", "a staged uprising"], None),
    ("intent", "{A} intends to stage {O} near {P} and blame {B}",
     ["{A} intends to stage {O} near {P} and blame {B}", "{A} is set to stage {O} near {P} and blame {B}"],
     ["{A} [may] stage {O} near {P} and blame {B}", "{A} [could] stage {O} near {P} and blame {B}",
      "{A} [reportedly] intends to stage {O} near {P} and blame {B}",
      "{A} [appears to] be planning to stage {O} near {P} and blame {B}"],
     ["an explosion", "an attack on its own troops", "a chemical incident", "a border shooting",
      "a hostage crisis", "a train derailment", "a strike on a hospital", "an ambush of peacekeepers",
      "a bombing in a market", "a fire at a refinery", "a mutiny", "a riot", "a mass poisoning",
      "a drone strike", "a dam breach", "a pipeline blast"], None),
    ("intent", "{A} is seeking {O} to move against {B} near {P}",
     ["{A} is seeking {O} to move against {B} near {P}"],
     ["{A} [may] be seeking {O} to move against {B} near {P}", "{A} is [reportedly] seeking {O} to move against {B} near {P}",
      "{A} [appears to] be seeking {O} to move against {B} near {P}", "{A} is [said to] be seeking {O} to move against {B} near {P}"],
     ["a pretext", "an excuse", "a legal justification", "a provocation", "diplomatic cover",
      "a casus belli", "an invitation", "an incident", "a request for help", "a humanitarian pretext",
      "public support", "a vote in parliament", "a ceasefire violation", "a border clash",
      "an appeal from separatists", "a referendum"], None),
    ("plan", "{A} has drawn up plans to seize {O} in {B} near {P}",
     ["{A} has drawn up plans to seize {O} in {B} near {P}", "{A} has a plan to seize {O} in {B} near {P}"],
     ["{A} [may] have drawn up plans to seize {O} in {B} near {P}", "{A} has [reportedly] drawn up plans to seize {O} in {B} near {P}",
      "{A} is [thought to] have drawn up plans to seize {O} in {B} near {P}", "{A} [could] try to seize {O} in {B} near {P}"],
     ["the main airport", "the power station", "the river crossings", "the port", "the rail junction",
      "the television tower", "the grain terminal", "the border post", "the dam", "the fuel depot",
      "the customs house", "the bridges", "the airbase", "the ammunition plant", "the radar station",
      "the pipeline hub"], None),
    ("plan", "{A} has pre-positioned {O} near {P} to act against {B}",
     ["{A} has pre-positioned {O} near {P} to act against {B}", "{A} has already pre-positioned {O} near {P} to act against {B}"],
     ["{A} [may] have pre-positioned {O} near {P} to act against {B}", "{A} has [reportedly] pre-positioned {O} near {P} to act against {B}",
      "{A} is [believed to] have pre-positioned {O} near {P} to act against {B}", "{A} has [allegedly] pre-positioned {O} near {P} to act against {B}"],
     ["a group of operatives", "saboteurs trained in urban warfare", "a team of explosives experts",
      "agents posing as aid workers", "special forces in civilian clothes", "a network of informants",
      "snipers", "demolition teams", "disguised paratroopers", "a cyber unit", "hired gunmen",
      "a sleeper cell", "provocateurs", "armed volunteers", "a mobile command post", "forward air controllers"], None),
    ("plan", "{A} plans to evacuate {O} from {P} before moving against {B}",
     ["{A} plans to evacuate {O} from {P} before moving against {B}"],
     ["{A} [may] evacuate {O} from {P} before moving against {B}", "{A} [reportedly] plans to evacuate {O} from {P} before moving against {B}",
      "{A} is [expected to] evacuate {O} from {P} before moving against {B}", "{A} [could] evacuate {O} from {P} before moving against {B}"],
     ["its diplomats", "embassy staff", "its citizens", "military families", "its intelligence officers",
      "state employees", "its trade mission", "its journalists", "its students", "its border guards",
      "its cultural centre staff", "its consular officials", "its military advisers", "its aid workers",
      "its bank staff", "its sailors"], None),
    ("event", "{A} shelled {O} near {P} in {B}",
     ["{A} shelled {O} near {P} in {B}"],
     ["{A} [allegedly] shelled {O} near {P} in {B}", "{A} [reportedly] shelled {O} near {P} in {B}",
      "{A} is [believed to] have shelled {O} near {P} in {B}", "{A} [may] have shelled {O} near {P} in {B}"],
     ["a border checkpoint", "a water pumping station", "a school", "a fuel depot", "a kindergarten",
      "a power line", "a railway bridge", "a grain silo", "a field hospital", "a police station",
      "a market", "a church", "a radio mast", "a bus depot", "a farm", "a cemetery"], None),
    ("event", "{A} sent {O} into {B} near {P}",
     ["{A} sent {O} into {B} near {P}", "{A} has sent {O} into {B} near {P}"],
     ["{A} [reportedly] sent {O} into {B} near {P}", "{A} [allegedly] sent {O} into {B} near {P}",
      "{A} [may] have sent {O} into {B} near {P}", "{A} [appears to] have sent {O} into {B} near {P}"],
     ["unmarked drones", "a reconnaissance team", "armed trucks", "a column of tanks", "a convoy of buses",
      "helicopters", "fighter jets", "a naval patrol", "border guards", "engineers", "riot police",
      "medics", "military trainers", "a spy plane", "a demining team", "armed boats"], None),
    ("event", "{Adem} forces entered {B} near {P} with {O}",
     ["{Adem} forces entered {B} near {P} with {O}", "{Adem} forces have entered {B} near {P} with {O}"],
     ["{Adem} forces [reportedly] entered {B} near {P} with {O}", "{Adem} forces [may] have entered {B} near {P} with {O}",
      "{Adem} forces [allegedly] entered {B} near {P} with {O}", "{Adem} forces are [believed to] have entered {B} near {P} with {O}"],
     ["tanks", "armoured columns", "helicopters", "engineers", "artillery", "fuel convoys", "field hospitals",
      "bridging equipment", "drones", "rocket launchers", "military police", "supply trucks", "air cover",
      "special forces", "riot gear", "radio jammers"], None),
    ("attribution", "{A} was behind {O} in {B} near {P}",
     ["{A} was behind {O} in {B} near {P}"],
     ["{A} was [likely] behind {O} in {B} near {P}", "{A} [may] have been behind {O} in {B} near {P}",
      "{A} was [reportedly] behind {O} in {B} near {P}", "{A} is [suspected of] being behind {O} in {B} near {P}",
      "{A} was [allegedly] behind {O} in {B} near {P}"],
     ["the cyberattack on government websites", "the explosion at the gas pipeline", "the fire at the arms depot",
      "the blackout", "the assassination attempt", "the leak of diplomatic cables", "the bomb threats against schools",
      "the hacking of the electoral commission", "the sinking of a patrol boat", "the derailment of a freight train",
      "the poisoning of a defector", "the jamming of air traffic signals", "the forged military orders",
      "the wave of disinformation", "the sabotage of a power plant", "the attack on a convoy"], None),
    ("attribution", "{A} ordered {O} against {B} near {P}",
     ["{A} ordered {O} against {B} near {P}"],
     ["{A} [reportedly] ordered {O} against {B} near {P}", "{A} [may] have ordered {O} against {B} near {P}",
      "{A} [allegedly] ordered {O} against {B} near {P}", "{A} [likely] ordered {O} against {B} near {P}"],
     ["the drone strikes", "the artillery barrage", "the cyber campaign", "the naval blockade", "the border closure",
      "the expulsion of diplomats", "the jamming operation", "the arrests of activists", "the seizure of ships",
      "the air raids", "the troop rotation", "the grain embargo", "the power cuts", "the internet shutdown",
      "the evacuation order", "the mobilisation"], None),
    ("attribution", "{A} funded {O} in {B} near {P}",
     ["{A} funded {O} in {B} near {P}", "{A} paid for {O} in {B} near {P}"],
     ["{A} [allegedly] funded {O} in {B} near {P}", "{A} [reportedly] funded {O} in {B} near {P}",
      "{A} [may] have funded {O} in {B} near {P}", "{A} is [suspected of] funding {O} in {B} near {P}"],
     ["the protests", "the separatist militia", "the smear campaign", "the strikes", "the road blockades",
      "the fake news sites", "the riots", "the hunger strike", "the rally", "the petition campaign",
      "the paramilitary camps", "the vandalism", "the border incidents", "the occupation of buildings",
      "the pirate radio station", "the boycott"], None),
    ("assessment", "The buildup of {Adem} forces near {P} is {O} for {B}",
     ["The buildup of {Adem} forces near {P} is {O} for {B}"],
     ["The buildup of {Adem} forces near {P} [could] be {O} for {B}", "The buildup of {Adem} forces near {P} [may] be {O} for {B}",
      "The buildup of {Adem} forces near {P} [appears to] be {O} for {B}", "The buildup of {Adem} forces near {P} is [probably] {O} for {B}"],
     ["the gravest threat in decades", "a direct danger", "an unprecedented escalation", "a serious provocation",
      "a bluff", "a negotiating tactic", "a rehearsal for invasion", "a show of force", "a routine exercise",
      "a temporary measure", "a defensive step", "a dangerous gamble", "a test of resolve", "a prelude to war",
      "an act of intimidation", "a warning"], None),
    ("assessment", "Talks between {A} and {B} over {P} are {O}",
     ["Talks between {A} and {B} over {P} are {O}"],
     ["Talks between {A} and {B} over {P} [may] be {O}", "Talks between {A} and {B} over {P} [could] be {O}",
      "Talks between {A} and {B} over {P} are [probably] {O}", "Talks between {A} and {B} over {P} [appear to] be {O}"],
     ["close to collapse", "deadlocked", "making progress", "a cover for preparations", "doomed",
      "at a turning point", "back on track", "frozen", "a waste of time", "nearing a deal",
      "being stalled deliberately", "a last chance", "going nowhere", "under threat", "in crisis", "still alive"], None),
    ("assessment", "{A} is capable of {O} {B} from {P}",
     ["{A} is capable of {O} {B} from {P}"],
     ["{A} [may] be capable of {O} {B} from {P}", "{A} is [probably] capable of {O} {B} from {P}",
      "{A} [appears to] be capable of {O} {B} from {P}", "{A} [could] be capable of {O} {B} from {P}"],
     ["invading", "blockading", "encircling", "bombing", "isolating", "cutting off", "overrunning",
      "outflanking", "paralysing", "starving", "flooding", "blinding", "hacking", "besieging", "splitting",
      "occupying"], None),
    ("position", "{A} demands {O} from {B} over {P}",
     ["{A} demands {O} from {B} over {P}", "{A} is demanding {O} from {B} over {P}"],
     ["{A} [reportedly] demands {O} from {B} over {P}", "{A} is [said to] demand {O} from {B} over {P}",
      "{A} [may] demand {O} from {B} over {P}", "{A} is [expected to] demand {O} from {B} over {P}"],
     ["security guarantees", "the withdrawal of troops", "a referendum", "compensation", "a neutral status",
      "the release of prisoners", "border talks", "an apology", "access to the port", "a halt to exercises",
      "the return of territory", "a demilitarised zone", "new elections", "language rights",
      "the closure of bases", "an inquiry"], None),
    ("position", "{A} rejects {O} proposed by {B} for {P}",
     ["{A} rejects {O} proposed by {B} for {P}", "{A} has rejected {O} proposed by {B} for {P}"],
     ["{A} [reportedly] rejects {O} proposed by {B} for {P}", "{A} is [likely] to reject {O} proposed by {B} for {P}",
      "{A} [may] reject {O} proposed by {B} for {P}", "{A} is [said to] reject {O} proposed by {B} for {P}"],
     ["the ceasefire plan", "the peace framework", "the prisoner exchange", "the monitoring mission",
      "the humanitarian corridor", "the power-sharing deal", "the joint patrols", "the border commission",
      "the referendum", "the trade deal", "the amnesty", "the buffer zone", "the inspection regime",
      "the summit agenda", "the mediation offer", "the energy agreement"], None),
    ("position", "{A} refuses to withdraw {O} from {P} despite demands from {B}",
     ["{A} refuses to withdraw {O} from {P} despite demands from {B}"],
     ["{A} [reportedly] refuses to withdraw {O} from {P} despite demands from {B}",
      "{A} is [unlikely to] withdraw {O} from {P} despite demands from {B}",
      "{A} [may] refuse to withdraw {O} from {P} despite demands from {B}",
      "{A} is [said to] refuse to withdraw {O} from {P} despite demands from {B}"],
     ["its troops", "its warships", "its armoured units", "its missiles", "its peacekeepers", "its border guards",
      "its engineers", "its air defences", "its observers", "its tanks", "its marines", "its artillery",
      "its drones", "its helicopters", "its advisers", "its police units"], None),
    ("quantity", "{A} has massed {N} near {P} on the border with {B}",
     ["{A} has massed {N} near {P} on the border with {B}", "{A} has gathered {N} near {P} on the border with {B}"],
     ["{A} has massed {N} near {P} on the border with {B}", "{A} is [believed to] have massed {N} near {P} on the border with {B}",
      "{A} has [reportedly] massed {N} near {P} on the border with {B}"],
     ["troops", "soldiers", "combat troops", "reservists", "conscripts", "paratroopers", "marines", "servicemen",
      "infantry troops", "special forces troops", "border troops", "national guardsmen", "military personnel",
      "mechanised troops", "airborne troops", "tank crews"], (10_000, 200_000)),
    ("quantity", "{A} has deployed {N} near {P} facing {B}",
     ["{A} has deployed {N} near {P} facing {B}"],
     ["{A} has deployed {N} near {P} facing {B}", "{A} has [reportedly] deployed {N} near {P} facing {B}",
      "{A} [may] have deployed {N} near {P} facing {B}"],
     ["tanks", "armoured vehicles", "artillery pieces", "rocket launchers", "fighter jets", "helicopters",
      "warships", "attack drones", "missile launchers", "air defence systems", "howitzers", "troop carriers",
      "landing craft", "bombers", "heavy mortars", "radar stations"], (50, 3_000)),
    ("quantity", "{N} have fled {P} for {B} since {A} began its offensive",
     ["{N} have fled {P} for {B} since {A} began its offensive"],
     ["{N} have fled {P} for {B} since {A} began its offensive",
      "{N} have [reportedly] fled {P} for {B} since {A} began its offensive",
      "{N} [may] have fled {P} for {B} since {A} began its offensive"],
     ["civilians", "residents", "refugees", "families", "children", "villagers", "pensioners", "workers",
      "students", "farmers", "displaced people", "migrants", "patients", "teachers", "fishermen", "miners"],
     (1_000, 300_000)),
    ("quantity", "{A} has placed {N} in {B} near {P}",
     ["{A} has placed {N} in {B} near {P}", "{A} has sent {N} into {B} near {P}"],
     ["{A} has placed {N} in {B} near {P}", "{A} has [allegedly] placed {N} in {B} near {P}",
      "{A} [may] have placed {N} in {B} near {P}"],
     ["operatives", "saboteurs", "agents", "instructors", "mercenaries", "advisers", "snipers", "spies",
      "provocateurs", "hackers", "informants", "couriers", "officers", "commandos", "volunteers", "recruiters"],
     (20, 900)),
    ("date_range", "{A} will launch {O} against {B} from {P} {T}",
     ["{A} will launch {O} against {B} from {P} {T}", "{A} plans to launch {O} against {B} from {P} {T}"],
     ["{A} [could] launch {O} against {B} from {P} {T}", "{A} [may] launch {O} against {B} from {P} {T}",
      "{A} is [expected to] launch {O} against {B} from {P} {T}", "{A} is [reportedly] planning to launch {O} against {B} from {P} {T}"],
     ["an offensive", "an invasion", "an air campaign", "a ground assault", "a naval landing", "a missile strike",
      "a cyber offensive", "a blockade", "a raid", "an encirclement", "a bombing campaign", "a river crossing",
      "a counteroffensive", "an airborne assault", "a second offensive", "a pincer attack"], None),
    ("date_range", "{A} will hold {O} near {P}, close to {B}, {T}",
     ["{A} will hold {O} near {P}, close to {B}, {T}", "{A} is holding {O} near {P}, close to {B}, {T}"],
     ["{A} [could] hold {O} near {P}, close to {B}, {T}", "{A} [may] hold {O} near {P}, close to {B}, {T}",
      "{A} is [expected to] hold {O} near {P}, close to {B}, {T}", "{A} [reportedly] plans to hold {O} near {P}, close to {B}, {T}"],
     ["military exercises", "naval drills", "snap exercises", "nuclear drills", "air defence drills",
      "joint manoeuvres", "live-fire exercises", "mobilisation drills", "command exercises", "border drills",
      "amphibious exercises", "missile tests", "reserve call-ups", "staff exercises", "night exercises",
      "logistics drills"], None),
]
CLAIM_OBJECTS = 16
"""Every template has exactly this many objects (a digit of the claim code)."""

DENIAL_PREFIXES = ["it is not true that", "there is no evidence that", "it is false that"]

# --- Article furniture ---------------------------------------------------------------------

HEADLINES = [
    "{A} warns of ‘false flag’ plot near {P}",
    "{Adem} troops gather near {P} as talks stall",
    "{S} says {A} is ready for talks with {B}",
    "Tensions rise between {A} and {B} over {P}",
    "What we know of the buildup near {P}",
    "{B} accuses {A} of planning provocation",
    "Explainer: why {P} matters to {A}",
    "Residents of {P} brace for escalation",
    "{Adem} officials meet in {C} amid crisis",
    "{B} puts army on alert after incidents near {P}",
    "Diplomats scramble to ease {A}–{B} standoff",
    "{S} rejects ‘provocation’ claims over {P}",
]

# Headlines and fillers are the article's own text: no hedge words in them either.
FILLERS = [
    "Talks between {A} and {B} in {C} ended on {day} without agreement.",
    "{S}, {title}, will travel to {P} next week.",
    "Residents of {P} described long queues at petrol stations.",
    "{A} and {B} have been at odds over {P} since {year}.",
    "Markets in {B} fell sharply on the news.",
    "The foreign ministers of {A} and {B} spoke by phone on {day}.",
    "Satellite images published this week show new tents near {P}.",
    "The {E} is due to resume in {C} later this month.",
    "Fighters of the {G} have controlled parts of {P} since {year}.",
    "The parliament of {B} will debate the measures on {day}.",
    "{S} met the ambassador of {B} in {C} on {day}.",
    "Rail services between {P} and {C} were suspended for several hours.",
    "The {O} did not respond to a request for comment.",
    "Schools in {P} remained open, local authorities said.",
    "{A} has repeatedly denied any plan to attack its neighbour.",
    "Prices for bread and fuel in {P} have doubled since {year}.",
    "Crowds marched through {C} on {day} evening.",
    "The last round of the {E} ended in acrimony.",
    "Border crossings into {B} near {P} stayed open overnight.",
    "{S} later left {C} without speaking to journalists.",
    "Reporters were not allowed to visit {P}.",
    "The {O} has called an emergency meeting for {day}.",
    "The {G} issued a statement of its own on {day}.",
    "Power was restored to most of {P} by the evening.",
]

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
MONTHS_SHORT = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]

# Boilerplate: cue words inside them ("could", "may", "reportedly", "more than") must not count.
NEWSLETTERS = [
    "Sign up to receive our latest news!",
    "Get the {outlet} morning briefing in your inbox — it could change how you start your day.",
    "By submitting this form, I agree to the terms.",
    "Subscribe to our newsletter: more than 50,000 readers already do.",
]
DONATIONS = [
    "Independent journalism may not survive without you. Donate to the {outlet} today.",
    "Reportedly, nine in ten readers never pay for news. Be the one who does.",
    "Support the {outlet}: every contribution, however big or small, could keep our reporters in the field.",
]
NOTIFICATIONS = [
    "Stay up to date with notifications from the {outlet}",
    "Notifications can be managed in browser preferences.",
]
LOGINS = ["Log in to continue reading", "Already a subscriber? Log in"]
COMMENTS = ["Comments", "Join the conversation: {n} comments"]
RELATED = ["Read more: {headline}", "Related: {headline}"]
CAPTIONS = ["Photo: vehicles near {place} (file image)", "Image: a checkpoint outside {place}. Credit: {outlet}"]
STUFFED_HEADLINES = [
    "Troops could cross the border within days, officials say",
    "Minister allegedly met arms dealer in secret",
    "What the new sanctions may mean for your energy bill",
    "Opposition reportedly plans mass protest",
    "More than a thousand flights cancelled as storm hits",
    "Analysts believe talks are near collapse",
    "Court may rule on election appeal next week",
    "Spy chief reportedly resigns after leak",
]
