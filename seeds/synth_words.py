"""Vocabulary of the synthetic graph: real places, plausible sectors, themes and name parts."""

from __future__ import annotations

# (key, nameFr, nameEn, nameAr): Morocco's twelve regions (2015 division).
REGIONS: tuple[tuple[str, str, str, str], ...] = (
    ("tanger-tetouan-al-hoceima", "Tanger-Tétouan-Al Hoceïma", "Tangier-Tetouan-Al Hoceima",
     "طنجة - تطوان - الحسيمة"),
    ("oriental", "L'Oriental", "Oriental", "الشرق"),
    ("fes-meknes", "Fès-Meknès", "Fez-Meknes", "فاس - مكناس"),
    ("rabat-sale-kenitra", "Rabat-Salé-Kénitra", "Rabat-Sale-Kenitra", "الرباط - سلا - القنيطرة"),
    ("beni-mellal-khenifra", "Béni Mellal-Khénifra", "Beni Mellal-Khenifra", "بني ملال - خنيفرة"),
    ("casablanca-settat", "Casablanca-Settat", "Casablanca-Settat", "الدار البيضاء - سطات"),
    ("marrakech-safi", "Marrakech-Safi", "Marrakesh-Safi", "مراكش - آسفي"),
    ("draa-tafilalet", "Drâa-Tafilalet", "Draa-Tafilalet", "درعة - تافيلالت"),
    ("souss-massa", "Souss-Massa", "Souss-Massa", "سوس - ماسة"),
    ("guelmim-oued-noun", "Guelmim-Oued Noun", "Guelmim-Oued Noun", "كلميم - واد نون"),
    ("laayoune-sakia-el-hamra", "Laâyoune-Sakia El Hamra", "Laayoune-Sakia El Hamra",
     "العيون - الساقية الحمراء"),
    ("dakhla-oued-ed-dahab", "Dakhla-Oued Ed-Dahab", "Dakhla-Oued Ed-Dahab",
     "الداخلة - وادي الذهب"),
)  # fmt: skip

# (key, nameFr, nameEn, country, region key or "", weight): weight ~ industrial activity.
CITIES: tuple[tuple[str, str, str, str, str, int], ...] = (
    ("casablanca", "Casablanca", "Casablanca", "MA", "casablanca-settat", 40),
    ("rabat", "Rabat", "Rabat", "MA", "rabat-sale-kenitra", 18),
    ("tanger", "Tanger", "Tangier", "MA", "tanger-tetouan-al-hoceima", 16),
    ("kenitra", "Kénitra", "Kenitra", "MA", "rabat-sale-kenitra", 8),
    ("mohammedia", "Mohammedia", "Mohammedia", "MA", "casablanca-settat", 6),
    ("fes", "Fès", "Fez", "MA", "fes-meknes", 7),
    ("meknes", "Meknès", "Meknes", "MA", "fes-meknes", 4),
    ("marrakech", "Marrakech", "Marrakesh", "MA", "marrakech-safi", 6),
    ("agadir", "Agadir", "Agadir", "MA", "souss-massa", 5),
    ("oujda", "Oujda", "Oujda", "MA", "oriental", 3),
    ("tetouan", "Tétouan", "Tetouan", "MA", "tanger-tetouan-al-hoceima", 3),
    ("sale", "Salé", "Sale", "MA", "rabat-sale-kenitra", 3),
    ("temara", "Témara", "Temara", "MA", "rabat-sale-kenitra", 2),
    ("el-jadida", "El Jadida", "El Jadida", "MA", "casablanca-settat", 3),
    ("berrechid", "Berrechid", "Berrechid", "MA", "casablanca-settat", 3),
    ("settat", "Settat", "Settat", "MA", "casablanca-settat", 2),
    ("had-soualem", "Had Soualem", "Had Soualem", "MA", "casablanca-settat", 1),
    ("safi", "Safi", "Safi", "MA", "marrakech-safi", 2),
    ("essaouira", "Essaouira", "Essaouira", "MA", "marrakech-safi", 1),
    ("nador", "Nador", "Nador", "MA", "oriental", 2),
    ("berkane", "Berkane", "Berkane", "MA", "oriental", 1),
    ("beni-mellal", "Béni Mellal", "Beni Mellal", "MA", "beni-mellal-khenifra", 2),
    ("khouribga", "Khouribga", "Khouribga", "MA", "beni-mellal-khenifra", 2),
    ("laayoune", "Laâyoune", "Laayoune", "MA", "laayoune-sakia-el-hamra", 1),
    ("dakhla", "Dakhla", "Dakhla", "MA", "dakhla-oued-ed-dahab", 1),
    ("guelmim", "Guelmim", "Guelmim", "MA", "guelmim-oued-noun", 1),
    ("errachidia", "Errachidia", "Errachidia", "MA", "draa-tafilalet", 1),
    ("ouarzazate", "Ouarzazate", "Ouarzazate", "MA", "draa-tafilalet", 1),
    ("taza", "Taza", "Taza", "MA", "fes-meknes", 1),
    ("ifrane", "Ifrane", "Ifrane", "MA", "fes-meknes", 1),
    ("larache", "Larache", "Larache", "MA", "tanger-tetouan-al-hoceima", 1),
    ("ksar-el-kebir", "Ksar El Kébir", "Ksar El Kebir", "MA", "tanger-tetouan-al-hoceima", 1),
    ("al-hoceima", "Al Hoceïma", "Al Hoceima", "MA", "tanger-tetouan-al-hoceima", 1),
    ("tiznit", "Tiznit", "Tiznit", "MA", "souss-massa", 1),
    ("taroudant", "Taroudant", "Taroudant", "MA", "souss-massa", 1),
    ("khemisset", "Khémisset", "Khemisset", "MA", "rabat-sale-kenitra", 1),
    ("skhirat", "Skhirat", "Skhirat", "MA", "rabat-sale-kenitra", 1),
    ("bouznika", "Bouznika", "Bouznika", "MA", "casablanca-settat", 1),
    ("paris", "Paris", "Paris", "FR", "", 2),
    ("toulouse", "Toulouse", "Toulouse", "FR", "", 1),
    ("lyon", "Lyon", "Lyon", "FR", "", 1),
    ("madrid", "Madrid", "Madrid", "ES", "", 1),
    ("seville", "Séville", "Seville", "ES", "", 1),
    ("barcelone", "Barcelone", "Barcelona", "ES", "", 1),
)

# (key, nameFr, nameEn)
SECTORS: tuple[tuple[str, str, str], ...] = (
    ("automotive", "Automobile", "Automotive"),
    ("aerospace", "Aéronautique et spatial", "Aerospace"),
    ("textile-clothing", "Textile et habillement", "Textiles and clothing"),
    ("agri-food", "Agroalimentaire", "Agri-food"),
    ("chemicals", "Chimie et parachimie", "Chemicals"),
    ("plastics-rubber", "Plasturgie et caoutchouc", "Plastics and rubber"),
    ("metallurgy", "Métallurgie, mécanique et électromécanique", "Metal and mechanical industries"),
    ("electronics", "Électricité et électronique", "Electrical and electronics"),
    ("construction-materials", "Matériaux de construction", "Construction materials"),
    ("renewable-energy", "Énergies renouvelables", "Renewable energy"),
    ("pharmaceuticals", "Industrie pharmaceutique", "Pharmaceuticals"),
    ("leather", "Cuir et maroquinerie", "Leather goods"),
    ("wood-furniture", "Bois et ameublement", "Wood and furniture"),
    ("rail", "Ferroviaire", "Rail"),
    ("shipbuilding", "Construction navale", "Shipbuilding"),
    ("mining", "Mines et phosphates", "Mining and phosphates"),
    ("packaging", "Emballage", "Packaging"),
    ("digital", "Numérique et offshoring", "Digital and offshoring"),
    ("water", "Eau et assainissement", "Water and sanitation"),
    ("logistics", "Logistique", "Logistics"),
)  # fmt: skip

# (key, labelFr, labelEn, broader keys, synonyms): a two- to three-level taxonomy.
THEMES: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("industrial-engineering", "Ingénierie industrielle", "Industrial engineering", (), ("génie industriel",)),
    ("mechanical-design", "Conception mécanique", "Mechanical design", ("industrial-engineering",), ("CAO", "conception assistée par ordinateur")),
    ("build-to-print", "Fabrication sur plan", "Build to print", ("industrial-engineering",), ("build-to-print", "BTP industriel")),
    ("process-engineering", "Ingénierie des procédés", "Process engineering", ("industrial-engineering",), ("génie des procédés",)),
    ("design-office", "Bureau d'études", "Design office", ("industrial-engineering",), ("BE", "études techniques")),
    ("rapid-prototyping", "Prototypage rapide", "Rapid prototyping", ("industrial-engineering",), ("maquettage",)),
    ("numerical-simulation", "Simulation numérique", "Numerical simulation", ("industrial-engineering",), ("calcul de structures", "éléments finis")),
    ("quality", "Qualité et certification", "Quality and certification", (), ("démarche qualité",)),
    ("metrology", "Métrologie", "Metrology", ("quality",), ("étalonnage",)),
    ("testing", "Essais et analyses", "Testing and analysis", ("quality",), ("laboratoire d'essais", "essais de laboratoire")),
    ("type-approval", "Homologation", "Type approval", ("quality",), ("réception par type",)),
    ("standardisation", "Normalisation", "Standardisation", ("quality",), ("normes", "ISO")),
    ("non-destructive-testing", "Contrôle non destructif", "Non-destructive testing", ("testing",), ("CND", "END")),
    ("energy", "Énergie", "Energy", (), ("énergétique",)),
    ("energy-efficiency", "Efficacité énergétique", "Energy efficiency", ("energy",), ("sobriété énergétique", "audit énergétique")),
    ("solar-energy", "Énergie solaire", "Solar energy", ("energy",), ("photovoltaïque", "solaire thermique")),
    ("wind-energy", "Énergie éolienne", "Wind energy", ("energy",), ("éolien",)),
    ("green-hydrogen", "Hydrogène vert", "Green hydrogen", ("energy",), ("H2 vert", "électrolyse")),
    ("energy-storage", "Stockage de l'énergie", "Energy storage", ("energy",), ("batteries",)),
    ("digital-transformation", "Transformation numérique", "Digital transformation", (), ("digitalisation", "numérisation")),
    ("industry-4-0", "Industrie 4.0", "Industry 4.0", ("digital-transformation",), ("usine intelligente", "smart factory")),
    ("digital-twin", "Jumeau numérique", "Digital twin", ("industry-4-0",), ("double numérique",)),
    ("artificial-intelligence", "Intelligence artificielle", "Artificial intelligence", ("digital-transformation",), ("IA", "apprentissage automatique")),
    ("cybersecurity", "Cybersécurité", "Cybersecurity", ("digital-transformation",), ("sécurité informatique",)),
    ("internet-of-things", "Internet des objets", "Internet of things", ("industry-4-0",), ("IoT", "objets connectés")),
    ("robotics", "Robotique", "Robotics", ("industry-4-0",), ("cobotique", "automatisation")),
    ("additive-manufacturing", "Fabrication additive", "Additive manufacturing", ("rapid-prototyping", "industry-4-0"), ("impression 3D",)),
    ("materials", "Matériaux", "Materials", (), ("science des matériaux",)),
    ("composites", "Matériaux composites", "Composite materials", ("materials",), ("fibre de carbone", "composites")),
    ("polymers", "Polymères et caoutchouc", "Polymers and rubber", ("materials",), ("plastiques", "élastomères")),
    ("metals", "Métaux et alliages", "Metals and alloys", ("materials",), ("métallurgie",)),
    ("welding", "Soudage", "Welding", ("metals",), ("soudure", "assemblage")),
    ("ceramics", "Céramiques", "Ceramics", ("materials",), ("céramique technique",)),
    ("technical-textiles", "Textiles techniques", "Technical textiles", ("materials",), ("textiles fonctionnels",)),
    ("environment", "Environnement", "Environment", (), ("écologie industrielle",)),
    ("circular-economy", "Économie circulaire", "Circular economy", ("environment",), ("écoconception",)),
    ("recycling", "Recyclage", "Recycling", ("circular-economy",), ("valorisation des déchets",)),
    ("water-treatment", "Traitement des eaux", "Water treatment", ("environment",), ("épuration", "eaux usées")),
    ("decarbonisation", "Décarbonation", "Decarbonisation", ("environment", "energy"), ("bas carbone", "bilan carbone")),
    ("waste-management", "Gestion des déchets", "Waste management", ("environment",), ("déchets industriels",)),
    ("training", "Formation et compétences", "Training and skills", (), ("compétences",)),
    ("continuing-education", "Formation continue", "Continuing education", ("training",), ("formation professionnelle continue",)),
    ("apprenticeship", "Apprentissage", "Apprenticeship", ("training",), ("alternance",)),
    ("instructional-design", "Ingénierie pédagogique", "Instructional design", ("training",), ("ingénierie de formation",)),
    ("research-and-innovation", "Recherche et innovation", "Research and innovation", (), ("R&D", "recherche-développement")),
    ("technology-transfer", "Transfert de technologie", "Technology transfer", ("research-and-innovation",), ("valorisation de la recherche",)),
    ("intellectual-property", "Propriété intellectuelle", "Intellectual property", ("research-and-innovation",), ("brevets",)),
    ("technology-watch", "Veille technologique", "Technology watch", ("research-and-innovation",), ("intelligence économique",)),
    ("start-up-incubation", "Incubation de jeunes pousses", "Start-up incubation", ("research-and-innovation",), ("incubateur", "start-up")),
    ("production", "Production et logistique", "Production and logistics", (), ("opérations",)),
    ("lean-manufacturing", "Production au plus juste", "Lean manufacturing", ("production",), ("lean", "amélioration continue")),
    ("industrial-maintenance", "Maintenance industrielle", "Industrial maintenance", ("production",), ("maintenance prédictive",)),
    ("supply-chain", "Chaîne d'approvisionnement", "Supply chain", ("production",), ("supply chain", "achats")),
    ("subcontracting", "Sous-traitance industrielle", "Industrial subcontracting", ("production",), ("sous-traitance",)),
    ("local-integration", "Intégration locale", "Local integration", ("production",), ("taux d'intégration",)),
    ("occupational-safety", "Santé et sécurité au travail", "Occupational health and safety", (), ("SST", "hygiène et sécurité")),
    ("ergonomics", "Ergonomie", "Ergonomics", ("occupational-safety",), ("postes de travail",)),
    ("risk-prevention", "Prévention des risques", "Risk prevention", ("occupational-safety",), ("risques industriels",)),
    ("funding", "Financement et investissement", "Funding and investment", (), ("investissement",)),
    ("public-grants", "Subventions publiques", "Public grants", ("funding",), ("aides publiques",)),
    ("export", "Export et internationalisation", "Export and internationalisation", ("funding",), ("exportation",)),
    ("industrial-offset", "Compensation industrielle", "Industrial offset", ("funding", "local-integration"), ("offset",)),
)  # fmt: skip

SURNAMES: tuple[str, ...] = (
    "Benjelloun", "El Alaoui", "Bennani", "Tazi", "Berrada", "Chraïbi", "El Fassi", "Lahlou",
    "Sqalli", "Guessous", "Kettani", "Slaoui", "Ouazzani", "Zniber", "Lazrak", "Benkirane",
    "Amrani", "Idrissi", "Filali", "Hajji", "Naciri", "Mernissi", "Belghiti", "Chaouni",
    "Tahiri", "Rhazi", "Benabdellah", "Zerouali", "Aït Taleb", "Ouhadi", "Bouhlal", "Essaïdi",
    "Dupont", "Lefèvre", "Moreau", "García", "Fernández", "Müller",
)  # fmt: skip

BRANDS: tuple[str, ...] = (
    "Atlas", "Maghreb", "Sahara", "Rif", "Souss", "Oasis", "Médina", "Argane", "Zénith",
    "Horizon", "Étoile", "Cèdre", "Océan", "Kasbah", "Palmeraie", "Alliance", "Avenir", "Nova",
    "Delta", "Méridien", "Altaïr", "Émeraude", "Ibn Battouta", "Tensift", "Sebou", "Bouregreg",
)  # fmt: skip

# (French, English) pairs.
ADJECTIVES: tuple[tuple[str, str], ...] = (
    ("Marocaine", "Moroccan"), ("Méditerranéenne", "Mediterranean"), ("Atlantique", "Atlantic"),
    ("Nord-Africaine", "North African"), ("Chérifienne", "Sherifian"), ("Générale", "General"),
    ("Africaine", "African"), ("Euro-Marocaine", "Euro-Moroccan"),
)  # fmt: skip

ACTIVITIES: tuple[tuple[str, str], ...] = (
    ("Mécanique de Précision", "Precision Mechanics"), ("Câblage Automobile", "Automotive Wiring"),
    ("Plasturgie", "Plastics"), ("Électronique", "Electronics"), ("Emballages", "Packaging"),
    ("Textiles Techniques", "Technical Textiles"), ("Aérostructures", "Aerostructures"),
    ("Fonderie", "Foundry"), ("Chaudronnerie", "Boilermaking"),
    ("Traitement de Surface", "Surface Treatment"), ("Agro-Industrie", "Agro-Industry"),
    ("Énergie Solaire", "Solar Energy"), ("Matériaux Composites", "Composite Materials"),
    ("Ingénierie Électrique", "Electrical Engineering"), ("Céramique", "Ceramics"),
    ("Menuiserie Industrielle", "Industrial Joinery"), ("Logistique", "Logistics"),
    ("Pièces Détachées", "Spare Parts"), ("Maintenance Industrielle", "Industrial Maintenance"),
    ("Robotique", "Robotics"), ("Peintures et Vernis", "Paints and Varnishes"),
    ("Maroquinerie", "Leather Goods"), ("Métallerie", "Metalwork"), ("Chimie Fine", "Fine Chemicals"),
    ("Génie Climatique", "HVAC Engineering"), ("Équipements Ferroviaires", "Rail Equipment"),
    ("Câbles et Faisceaux", "Cables and Harnesses"), ("Forge et Estampage", "Forging and Stamping"),
)  # fmt: skip

# (French domain with its article, English domain) for centres, federations and institutes.
DOMAINS: tuple[tuple[str, str], ...] = (
    ("des Industries Mécaniques", "Mechanical Industries"), ("de la Plasturgie", "Plastics"),
    ("du Textile et de l'Habillement", "Textiles and Clothing"), ("du Cuir", "Leather"),
    ("des Industries Agroalimentaires", "Agri-Food Industries"), ("de l'Aéronautique", "Aerospace"),
    ("de l'Automobile", "the Automotive Industry"), ("de la Chimie", "Chemicals"),
    ("des Matériaux de Construction", "Construction Materials"), ("de l'Électronique", "Electronics"),
    ("du Bois et de l'Ameublement", "Wood and Furniture"), ("des Énergies Renouvelables", "Renewable Energy"),
    ("de la Métallurgie", "Metallurgy"), ("de l'Emballage", "Packaging"),
    ("du Numérique", "Digital Industries"), ("de la Céramique", "Ceramics"),
)  # fmt: skip

# (French, English, Arabic) names of ministries.
MINISTRIES: tuple[tuple[str, str, str], ...] = (
    ("Ministère de l'Industrie et du Commerce", "Ministry of Industry and Trade",
     "وزارة الصناعة والتجارة"),
    ("Ministère de l'Économie et des Finances", "Ministry of Economy and Finance",
     "وزارة الاقتصاد والمالية"),
    ("Ministère de la Transition énergétique et du Développement durable",
     "Ministry of Energy Transition and Sustainable Development",
     "وزارة الانتقال الطاقي والتنمية المستدامة"),
    ("Ministère de l'Enseignement supérieur, de la Recherche scientifique et de l'Innovation",
     "Ministry of Higher Education, Scientific Research and Innovation",
     "وزارة التعليم العالي والبحث العلمي والابتكار"),
    ("Ministère de l'Équipement et de l'Eau", "Ministry of Equipment and Water",
     "وزارة التجهيز والماء"),
    ("Ministère de l'Inclusion économique, de la Petite entreprise, de l'Emploi et des "
     "Compétences", "Ministry of Economic Inclusion, Small Business, Employment and Skills",
     "وزارة الإدماج الاقتصادي والمقاولة الصغرى والتشغيل والكفاءات"),
    ("Ministère de la Transition numérique et de la Réforme de l'Administration",
     "Ministry of Digital Transition and Administrative Reform",
     "وزارة الانتقال الرقمي وإصلاح الإدارة"),
    ("Ministère de l'Agriculture, de la Pêche maritime, du Développement rural et des Eaux "
     "et Forêts", "Ministry of Agriculture, Maritime Fisheries, Rural Development, Water and "
     "Forests", "وزارة الفلاحة والصيد البحري والتنمية القروية والمياه والغابات"),
)  # fmt: skip

# Agreement kinds: (French title, English title) openings.
AGREEMENT_TITLES: dict[str, tuple[str, str]] = {
    "framework_agreement": ("Convention-cadre de partenariat", "Framework partnership agreement"),
    "specific_contract": ("Contrat spécifique", "Specific contract"),
    "collaboration_protocol": ("Protocole de collaboration", "Collaboration protocol"),
    "memorandum": ("Mémorandum d'entente", "Memorandum of understanding"),
    "target_contract": ("Contrat d'objectifs", "Target contract"),
    "cooperation_agreement": ("Accord de coopération", "Cooperation agreement"),
}

# Project title patterns: (French, English) with {t} for the theme label.
PROJECT_TITLES: tuple[tuple[str, str], ...] = (
    ("Programme d'accompagnement en {t}", "Support programme in {t}"),
    ("Plateforme régionale : {t}", "Regional platform: {t}"),
    ("Étude de faisabilité : {t}", "Feasibility study: {t}"),
    ("Laboratoire commun — {t}", "Joint laboratory: {t}"),
    ("Diagnostic des PME : {t}", "SME assessment: {t}"),
    ("Projet pilote — {t}", "Pilot project: {t}"),
)  # fmt: skip

AGREEMENT_ROLES = ("signatory", "signatory", "signatory", "partner", "funder", "contracting_party")
PROJECT_ROLES = ("partner", "partner", "lead", "funder", "service_provider", "beneficiary")
