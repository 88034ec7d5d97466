"""Name lists for the sample data: surnames, given names, companies.

Surnames are stored in upper case, as exam offices export them; given names
in normal case.  The mix follows what a list from Occitanie looks like: mostly
French and south-western (Occitan, Gascon) surnames, with Spanish, Catalan,
Portuguese, Italian and North-African ones.  Every list is a tuple so that
the drawing order never depends on anything but the seed.
"""

from __future__ import annotations

FRENCH = "française"
OCCITAN = "occitane"
HISPANIC = "hispanique"
PORTUGUESE = "portugaise"
ITALIAN = "italienne"
MAGHREBI = "maghrébine"

# Tables kept compact on purpose: one name per line would be 500 lines.
# fmt: off
SURNAMES: dict[str, tuple[str, ...]] = {
    FRENCH: (
        "MARTIN", "BERNARD", "THOMAS", "PETIT", "ROBERT", "RICHARD", "DURAND", "DUBOIS",
        "MOREAU", "LAURENT", "SIMON", "MICHEL", "LEFÈVRE", "LEROY", "ROUX", "DAVID",
        "BERTRAND", "MOREL", "FOURNIER", "GIRARD", "BONNET", "DUPONT", "LAMBERT", "FONTAINE",
        "ROUSSEAU", "VINCENT", "MULLER", "LEFEBVRE", "FAURE", "ANDRÉ", "MERCIER", "BLANC",
        "GUÉRIN", "BOYER", "GARNIER", "CHEVALIER", "FRANÇOIS", "LEGRAND", "GAUTHIER", "PERRIN",
        "ROBIN", "CLÉMENT", "MORIN", "NICOLAS", "HENRY", "ROUSSEL", "MATHIEU", "GAUTIER",
        "MASSON", "MARCHAND", "DUVAL", "DENIS", "DUMONT", "LEMAIRE", "NOËL", "MEYER",
        "DUFOUR", "MEUNIER", "BRUN", "BLANCHARD", "GIRAUD", "JOLY", "RIVIÈRE", "LUCAS",
        "BRUNET", "GAILLARD", "BARBIER", "ARNAUD", "GÉRARD", "ROCHE", "RENARD", "SCHMITT",
        "ROY", "LEROUX", "COLIN", "CARON", "PICARD", "ROGER", "AUBERT", "LEMOINE",
        "RENAUD", "DUMAS", "LACROIX", "OLIVIER", "PHILIPPE", "BOURGEOIS", "PIERRE", "BENOÎT",
        "REY", "LECLERC", "ROLLAND", "GUILLAUME", "LECOMTE", "DUPUY", "GUILLOT", "HUBERT",
        "BERGER", "CARPENTIER", "DUPUIS", "MOULIN", "LOUIS", "DESCHAMPS", "HUET", "BOUCHER",
        "FLEURY", "ROYER", "KLEIN", "JACQUET", "ADAM", "POIRIER", "AUBRY", "GUYOT",
        "CARRÉ", "CHARLES", "RENAULT", "CHARPENTIER", "MÉNARD", "MAILLARD", "BARON", "BERTIN",
        "BAILLY", "HERVÉ", "SCHNEIDER", "LE GALL", "COLLET", "LÉGER", "BOUVIER", "JULIEN",
        "PRÉVOST", "MILLET", "PERROT", "DANIEL", "LE ROUX", "COUSIN", "GERMAIN", "BRETON",
        "BESSON", "LANGLOIS", "RÉMY", "PELLETIER", "LÉVÊQUE", "PERRIER", "LEBLANC", "BARRÉ",
        "LEBRUN", "MARCHAL", "WEBER", "MALLET", "HAMON", "BOULANGER", "JACOB", "MONNIER",
        "MICHAUD", "GUICHARD", "GILLET", "ÉTIENNE", "POULAIN", "TESSIER", "CHAUVIN", "BOUCHET",
        "LEMAÎTRE", "MARÉCHAL", "HUMBERT", "REYNAUD", "ANTOINE", "PERRET", "BARTHÉLEMY", "CORDIER",
        "LEJEUNE", "GILBERT", "LAMY", "DELAUNAY", "PASQUIER", "LAPORTE", "SAINT-MARTIN", "DUBOIS-LAFARGUE",
    ),
    OCCITAN: (
        "CAZENAVE", "LABORDE", "FOURCADE", "ESTRADE", "LAFFONT", "BOUSQUET", "CASTEX", "DARRIEUX",
        "LACOSTE", "LAGARDE", "PUJOL", "PUGET", "SOULÉ", "SERRES", "LASSERRE", "MARTY",
        "CAUSSE", "BÉNÉZECH", "CARRIÈRE", "DELPECH", "GALY", "LAFON", "LAPEYRE", "LASSALLE",
        "MIQUEL", "MONTAGNÉ", "ROQUES", "SABATIER", "SALLES", "VIGUIER", "ASTRUC", "BARTHE",
        "BERGÉ", "CAMBON", "CASTAN", "COMBES", "COSTES", "DELMAS", "FOURNIÉ", "LABAT",
        "LACAZE", "LAFAGE", "MAURY", "PAGÈS", "PÉRÈS", "POUJOL", "RIVALS", "ROUQUETTE",
        "TEISSIER", "VIDAL", "FABRE", "ALBOUY", "CABROL", "CALMETTES", "CAPDEVILLE", "DOUMERC",
        "DUCASSE", "ESQUIROL", "FOURTANIER", "GINESTET", "LAVAL", "NOGUÈS", "PRAT", "SOUM",
        "TOURNIÉ", "VERDIER", "ARNAL", "AURIOL", "BAYLAC", "BONNEFOUS", "CASSAGNE", "COUDERC",
        "DAGUZAN", "ESPINASSE", "FAGET", "GASC", "LARROQUE", "PÉLISSIER", "RAYNAL", "SOULIÉ",
        "CAUSSÉ", "DAURIAC", "ESCANDE", "FOURQUET", "GRANIÉ", "LABADIE", "LAGRANGE", "MARQUIÉ",
        "PEYRUSSE", "SARRAU", "TOUZET", "LAFFONT-CAZAUX", "CASTAGNÉ", "BORDES", "BOURDIOL", "CAPELLE",
    ),
    HISPANIC: (
        "GARCIA", "MARTINEZ", "LOPEZ", "SANCHEZ", "FERNANDEZ", "RODRIGUEZ", "PEREZ", "GONZALEZ",
        "GOMEZ", "HERNANDEZ", "DIAZ", "MORENO", "ALVAREZ", "ROMERO", "RUIZ", "NAVARRO",
        "TORRES", "JIMENEZ", "MUÑOZ", "DE LA FUENTE", "DEL RIO", "SERRANO", "MOLINA", "ORTEGA",
        "CASTILLO", "PUIG", "FERRER", "SOLER", "VILA", "CASALS", "ESCUDERO", "SANTIAGO",
    ),
    PORTUGUESE: (
        "DA SILVA", "DOS SANTOS", "FERREIRA", "PEREIRA", "RODRIGUES", "OLIVEIRA", "COSTA", "CARVALHO",
        "GONÇALVES", "FERNANDES", "ALVES", "LOPES", "MARQUES", "SOUSA", "DA COSTA", "TEIXEIRA",
        "MENDES", "RIBEIRO", "PINTO", "MOREIRA",
    ),
    ITALIAN: (
        "ROSSI", "BIANCHI", "ESPOSITO", "FERRARI", "RUSSO", "ROMANO", "COLOMBO", "RICCI",
        "MARINO", "GRECO", "BRUNO", "GALLO", "CONTI", "DE LUCA", "MANCINI", "LOMBARDI",
        "MORETTI", "BARBIERI", "FONTANA", "SANTORO", "DI MARTINO", "CAPPELLI",
    ),
    MAGHREBI: (
        "BENALI", "BOUZID", "HADDAD", "MANSOURI", "BELKACEM", "CHERIF", "AMRANI", "BENSAÏD",
        "BOUAZIZ", "EL AMRANI", "HAMIDI", "KADDOURI", "MEZIANE", "SAÏDI", "TAHIRI", "ZERROUKI",
        "BOUCHAREB", "CHAOUI", "DJEBBAR", "EL IDRISSI", "FERHAT", "GHARBI", "HAMDI", "KHELIFI",
        "LAHLOU", "MEKKI", "NACERI", "OUALI", "RAHMANI", "SLIMANI", "TOUATI", "AÏT ALI",
        "BENMOUSSA", "ZIANI",
    ),
}

# fmt: on

#: Share (in %) of each surname origin in a list from the académie de Toulouse.
SURNAME_ORIGIN_WEIGHTS: tuple[tuple[str, int], ...] = (
    (FRENCH, 55),
    (OCCITAN, 20),
    (HISPANIC, 9),
    (PORTUGUESE, 5),
    (ITALIAN, 4),
    (MAGHREBI, 7),
)

# fmt: off
#: Given names of students born around 2000.
STUDENT_GIVEN_NAMES: tuple[str, ...] = (
    "Léa", "Manon", "Camille", "Chloé", "Emma", "Inès", "Sarah", "Océane",
    "Marie", "Laura", "Julie", "Pauline", "Clara", "Lucie", "Mathilde", "Anaïs",
    "Justine", "Marine", "Morgane", "Élodie", "Charlotte", "Juliette", "Margaux", "Alice",
    "Jade", "Lola", "Célia", "Maëlle", "Émilie", "Noémie", "Amandine", "Audrey",
    "Mélanie", "Cassandra", "Lisa", "Léna", "Éva", "Zoé", "Romane", "Louise",
    "Ambre", "Estelle", "Fanny", "Coralie", "Maéva", "Aurélie", "Clémence", "Solène",
    "Ophélie", "Agathe", "Héloïse", "Salomé", "Marie-Claire", "Anne-Sophie", "Marie-Lou", "Lou-Anne",
    "Axelle", "Elsa", "Mélissa", "Laurine", "Cindy", "Gwendoline", "Perrine", "Victoria",
    "Lucas", "Thomas", "Hugo", "Théo", "Maxime", "Nicolas", "Clément", "Quentin",
    "Alexandre", "Antoine", "Julien", "Romain", "Kévin", "Anthony", "Dylan", "Valentin",
    "Florian", "Benjamin", "Enzo", "Mathis", "Nathan", "Louis", "Paul", "Arthur",
    "Baptiste", "Corentin", "Adrien", "Jérémy", "Alexis", "Pierre", "Guillaume", "Loïc",
    "Bastien", "Axel", "Tom", "Victor", "Matthieu", "Jordan", "Kylian", "Raphaël",
    "Gaëtan", "Jean-Baptiste", "Pierre-Louis", "Léo", "Noé", "Rémi", "Damien", "Jules",
    "Mickaël", "Yohan", "Tristan", "Killian", "Aymeric", "Thibault", "Jean-Charles", "Cyril",
)

#: Given names chosen in families of North-African origin.
MAGHREBI_GIVEN_NAMES: tuple[str, ...] = (
    "Yasmine", "Nadia", "Sofia", "Myriam", "Samia", "Leïla", "Amel", "Nour",
    "Sabrina", "Imane", "Kenza", "Lina", "Rania", "Yanis", "Mehdi", "Sofiane",
    "Karim", "Amine", "Bilal", "Nassim", "Rayan", "Ilyes", "Walid", "Samir",
    "Adam", "Hamza", "Ryad", "Zakaria",
)

#: Given names chosen in families of Spanish, Portuguese or Italian origin.
LATIN_GIVEN_NAMES: tuple[str, ...] = (
    "Esteban", "Mattéo", "Lorenzo", "Diego", "Marco", "Tiago", "Carla", "Lucia",
    "Elena", "Alicia", "Giulia", "Inês", "Rafael", "Paolo", "Nuno", "Alba",
)

# fmt: on

#: Share of students whose given name comes from their family's origin pool.
ORIGIN_GIVEN_NAME_SHARE: dict[str, float] = {
    MAGHREBI: 0.7,
    HISPANIC: 0.25,
    PORTUGUESE: 0.25,
    ITALIAN: 0.25,
}

# fmt: off
#: Given names of teachers and professionals born between 1960 and 1990.
ADULT_GIVEN_NAMES: tuple[str, ...] = (
    "Philippe", "Nathalie", "Isabelle", "Christophe", "Sandrine", "Stéphane", "Valérie", "Laurent",
    "Sylvie", "Frédéric", "Catherine", "Véronique", "Pascal", "Patrick", "Céline", "Olivier",
    "Sophie", "Thierry", "Karine", "Éric", "Hélène", "Vincent", "Christine", "Didier",
    "Séverine", "Jean-Luc", "Marie-Hélène", "Anne-Laure", "Jean-François", "Corinne", "Delphine", "Bruno",
    "Virginie", "Franck", "Muriel", "Emmanuel", "Carole", "Hervé", "Florence", "Nadège",
    "Gilles", "Agnès", "Fabienne", "David", "Caroline", "Sébastien", "Aurélie", "Marie-Pierre",
    "Jean-Michel", "Béatrice", "Régis", "Magali", "Ludovic", "Estelle", "Arnaud", "Claire",
)

# fmt: on

#: Adult given names in families of North-African, Spanish, Portuguese or Italian origin.
ADULT_ORIGIN_GIVEN_NAMES: dict[str, tuple[str, ...]] = {
    MAGHREBI: ("Karim", "Rachid", "Samia", "Nadia", "Farid", "Malika", "Mourad", "Leïla"),
    HISPANIC: ("José", "María", "Carmen", "Antonio", "Manuel", "Pilar", "Jordi", "Montserrat"),
    PORTUGUESE: ("Ana", "Fernando", "Paulo", "Maria", "Joaquim", "Fátima"),
    ITALIAN: ("Paola", "Giovanni", "Francesca", "Luca", "Silvia", "Stefano"),
}

#: Companies that lend professional examiners (fictitious, none is a school).
COMPANIES: tuple[str, ...] = (
    "Garonne Distribution",
    "Occitanie Immobilier Conseil",
    "Pyrénées Auto Services",
    "Tarn Négoce",
    "Comptoir toulousain des vins",
    "Lauragais Assurances",
    "Agence web Capitole Digital",
    "Banque populaire du Sud-Ouest (agence de Blagnac)",
    "Crédit mutuel de Montauban",
    "Sud-Ouest Bureautique",
    "Aveyron Matériaux",
    "Quercy Voyages",
    "Cave coopérative de Gaillac",
    "Hypermarché Portet-sur-Garonne",
    "Mutuelle d'Oc",
    "Bigorre Télécom",
    "Castres Équipement",
    "Groupe Midi Logistique",
)
