"""Enumerations of the API; their values are the graph's stored values."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

import strawberry


def describe_values(enum: type[StrEnum], texts: Mapping[str, str]) -> None:
    """Give each value of a Strawberry enum its description (a StrEnum member cannot carry one
    itself); every member is named once, and only members are named."""
    definition = enum.__strawberry_definition__  # type: ignore[attr-defined]
    if set(texts) != {value.name for value in definition.values}:
        raise ValueError(f"{enum.__name__}: describe exactly its values")
    for value in definition.values:
        value.description = texts[value.name]


@strawberry.enum(description="Language of a name, title or label.")
class Lang(StrEnum):
    FR = "fr"
    EN = "en"
    AR = "ar"


describe_values(Lang, {
    "FR": "French (français): every name, title and label exists in French.",
    "EN": "English; where a translation is missing, the French text is given.",
    "AR": "Arabic (العربية); where a translation is missing, the French text is given.",
})  # fmt: skip


@strawberry.enum(description="What kind of actor this is.")
class ActorKind(StrEnum):
    MINISTRY = "ministry"
    ENGINEERING_FIRM = "engineering_firm"
    TECHNICAL_CENTRE = "technical_centre"
    NETWORK = "network"
    FEDERATION = "federation"
    COMPANY = "company"
    AGENCY = "agency"
    TRAINING_INSTITUTE = "training_institute"


describe_values(ActorKind, {
    "MINISTRY": "A government ministry or ministerial department (ministère).",
    "ENGINEERING_FIRM": "An engineering or consulting firm (bureau d'études, société "
    "d'ingénierie).",
    "TECHNICAL_CENTRE": "An industrial technical centre serving a sector (centre technique "
    "industriel), e.g. CTPC.",
    "NETWORK": "A network or cluster of organisations (réseau, cluster).",
    "FEDERATION": "A professional federation or association (fédération professionnelle).",
    "COMPANY": "A company, public or private (entreprise, société).",
    "AGENCY": "A public agency or office (agence, office public).",
    "TRAINING_INSTITUTE": "A school, university or training institute (établissement de "
    "formation).",
})  # fmt: skip


@strawberry.enum(description="What kind of agreement this is.")
class AgreementKind(StrEnum):
    FRAMEWORK_AGREEMENT = "framework_agreement"
    SPECIFIC_CONTRACT = "specific_contract"
    COLLABORATION_PROTOCOL = "collaboration_protocol"
    MEMORANDUM = "memorandum"
    TARGET_CONTRACT = "target_contract"
    COOPERATION_AGREEMENT = "cooperation_agreement"


describe_values(AgreementKind, {
    "FRAMEWORK_AGREEMENT": "Framework agreement (convention-cadre): sets the terms that "
    "specific contracts under it apply.",
    "SPECIFIC_CONTRACT": "Specific contract (contrat spécifique, convention spécifique), "
    "usually under a framework agreement.",
    "COLLABORATION_PROTOCOL": "Collaboration protocol (protocole de collaboration).",
    "MEMORANDUM": "Memorandum of understanding (mémorandum d'entente).",
    "TARGET_CONTRACT": "Target or performance contract (contrat-programme, contrat "
    "d'objectifs).",
    "COOPERATION_AGREEMENT": "Cooperation agreement (accord or convention de coopération).",
})  # fmt: skip


@strawberry.enum(description="Where a project stands, as far as the sources say.")
class ProjectStatus(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    COMPLETED = "completed"
    UNKNOWN = "unknown"


describe_values(ProjectStatus, {
    "PLANNED": "Announced, not started (prévu).",
    "ACTIVE": "Under way (en cours).",
    "COMPLETED": "Finished (achevé).",
    "UNKNOWN": "The sources do not say.",
})  # fmt: skip


@strawberry.enum(description="Whether the sources agree on a fact.")
class Confidence(StrEnum):
    CERTAIN = "certain"
    UNCERTAIN = "uncertain"


describe_values(Confidence, {
    "CERTAIN": "The sources state the fact plainly (the default).",
    "UNCERTAIN": "The sources disagree or leave a doubt; the fact's note says why.",
})  # fmt: skip


@strawberry.enum(description="How strings are compared: EXACT, or INSENSITIVE to case and accents.")
class MatchMode(StrEnum):
    EXACT = "exact"
    INSENSITIVE = "insensitive"


describe_values(MatchMode, {
    "EXACT": "Compare the text as stored: case and accents count (the default).",
    "INSENSITIVE": "Ignore case and accents on both sides: \"Décarbonation\" matches "
    "\"decarbonation\".",
})  # fmt: skip


@strawberry.enum(description="Order of a sort key.")
class SortDirection(StrEnum):
    ASC = "ASC"
    DESC = "DESC"


describe_values(SortDirection, {
    "ASC": "Ascending: A to Z, oldest first, smallest first (the default).",
    "DESC": "Descending: Z to A, newest first, largest first.",
})  # fmt: skip


@strawberry.enum(description="Actor sort keys; counts are computed per actor.")
class ActorSortField(StrEnum):
    NAME = "NAME"
    KEY = "KEY"
    KIND = "KIND"
    FOUNDED = "FOUNDED"
    AGREEMENT_COUNT = "AGREEMENT_COUNT"
    PROJECT_COUNT = "PROJECT_COUNT"
    PARTNER_COUNT = "PARTNER_COUNT"


describe_values(ActorSortField, {
    "NAME": "French name, compared without case or accents.",
    "KEY": "Key (unique; every order ends with it to break ties).",
    "KIND": "Kind, as its lower-case stored value (agency, company, ...).",
    "FOUNDED": "Founding year; actors without one come first in ascending order.",
    "AGREEMENT_COUNT": "Number of agreements the actor is party to.",
    "PROJECT_COUNT": "Number of projects the actor takes part in.",
    "PARTNER_COUNT": "Number of distinct actors sharing an agreement or project with it.",
})  # fmt: skip


@strawberry.enum(description="Agreement sort keys; counts are computed per agreement.")
class AgreementSortField(StrEnum):
    SIGNED_ON = "SIGNED_ON"
    TITLE = "TITLE"
    KEY = "KEY"
    KIND = "KIND"
    PARTY_COUNT = "PARTY_COUNT"


describe_values(AgreementSortField, {
    "SIGNED_ON": "Signing date.",
    "TITLE": "French title, compared without case or accents.",
    "KEY": "Key (unique; every order ends with it to break ties).",
    "KIND": "Kind, as its lower-case stored value.",
    "PARTY_COUNT": "Number of parties.",
})  # fmt: skip


@strawberry.enum(description="Project sort keys; counts are computed per project.")
class ProjectSortField(StrEnum):
    TITLE = "TITLE"
    KEY = "KEY"
    STATUS = "STATUS"
    STARTED_ON = "STARTED_ON"
    PARTICIPANT_COUNT = "PARTICIPANT_COUNT"


describe_values(ProjectSortField, {
    "TITLE": "French title, compared without case or accents.",
    "KEY": "Key (unique; every order ends with it to break ties).",
    "STATUS": "Status, as its lower-case stored value.",
    "STARTED_ON": "Start date; projects without one come first in ascending order.",
    "PARTICIPANT_COUNT": "Number of participants.",
})  # fmt: skip


@strawberry.enum(description="Theme sort keys; counts are computed per theme.")
class ThemeSortField(StrEnum):
    LABEL = "LABEL"
    KEY = "KEY"
    ACTOR_COUNT = "ACTOR_COUNT"


describe_values(ThemeSortField, {
    "LABEL": "French label, compared without case or accents.",
    "KEY": "Key (unique; every order ends with it to break ties).",
    "ACTOR_COUNT": "Number of actors declaring the competency (not counting agreements "
    "and projects).",
})  # fmt: skip
