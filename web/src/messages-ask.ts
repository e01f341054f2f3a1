// The words of the expertise page's question box: what was understood, what is asked back.

export const askFr = {
  "ask.box": "Votre question ou un thème",
  "ask.placeholder": "qui peut aider sur la décarbonation dans la plasturgie ?",
  "ask.understood": "Compris :",
  "ask.remove": "Retirer « {part} »",
  "ask.from": "d’après « {words} »",
  "ask.part.THEME": "Thème",
  "ask.part.SECTOR": "Secteur",
  "ask.part.REGION": "Région",
  "ask.part.KIND": "Type d’acteur",
  "ask.part.SINCE": "Depuis",
  "ask.partOf": "{part} :",
  "ask.clarify": "« {words} » peut désigner :",
  "ask.count": "{n} acteur pour « {q} »|{n} acteurs pour « {q} »",
  "ask.none": "Aucun acteur pour « {q} ».",
  "ask.nothing": "Rien de compris dans « {q} » : nommez un thème (décarbonation, formation…).",
  "ask.emptied": "Toutes les parties de la question ont été retirées.",
  "ask.restore": "Revenir à la question entière",
  "ask.how":
    "Chaque partie comprise filtre la réponse : retirez-la pour élargir. Le score additionne les preuves, la plus forte d’abord, chacune pondérée par le rôle de l’acteur.",
  "expertise.roleWeight": "poids du rôle ×{w}",
} as const;

export const askEn: Record<keyof typeof askFr, string> = {
  "ask.box": "Your question or a theme",
  "ask.placeholder": "who trains engineers in automotive part design near Casablanca?",
  "ask.understood": "Understood:",
  "ask.remove": "Remove “{part}”",
  "ask.from": "from “{words}”",
  "ask.part.THEME": "Theme",
  "ask.part.SECTOR": "Sector",
  "ask.part.REGION": "Region",
  "ask.part.KIND": "Kind of actor",
  "ask.part.SINCE": "Since",
  "ask.partOf": "{part}:",
  "ask.clarify": "“{words}” could mean:",
  "ask.count": "{n} actor for “{q}”|{n} actors for “{q}”",
  "ask.none": "No actor for “{q}”.",
  "ask.nothing": "Nothing understood in “{q}”: name a theme (decarbonisation, training…).",
  "ask.emptied": "Every part of the question has been removed.",
  "ask.restore": "Back to the whole question",
  "ask.how":
    "Each part understood narrows the answer: remove it to widen. The score adds up the evidence, strongest first, each weighted by the actor’s role.",
  "expertise.roleWeight": "role weight ×{w}",
};
