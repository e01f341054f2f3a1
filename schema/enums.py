"""Enumerations of the API; their values are the graph's stored values."""

from __future__ import annotations

from enum import StrEnum

import strawberry


@strawberry.enum(description="Language of a name, title or label.")
class Lang(StrEnum):
    FR = "fr"
    EN = "en"
    AR = "ar"


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


@strawberry.enum(description="What kind of agreement this is.")
class AgreementKind(StrEnum):
    FRAMEWORK_AGREEMENT = "framework_agreement"
    SPECIFIC_CONTRACT = "specific_contract"
    COLLABORATION_PROTOCOL = "collaboration_protocol"
    MEMORANDUM = "memorandum"
    TARGET_CONTRACT = "target_contract"
    COOPERATION_AGREEMENT = "cooperation_agreement"


@strawberry.enum(description="Where a project stands, as far as the sources say.")
class ProjectStatus(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    COMPLETED = "completed"
    UNKNOWN = "unknown"


@strawberry.enum(description="Whether the sources agree on a fact.")
class Confidence(StrEnum):
    CERTAIN = "certain"
    UNCERTAIN = "uncertain"


@strawberry.enum(description="How strings are compared: EXACT, or INSENSITIVE to case and accents.")
class MatchMode(StrEnum):
    EXACT = "exact"
    INSENSITIVE = "insensitive"


@strawberry.enum
class SortDirection(StrEnum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.enum(description="Actor sort keys; counts are computed per actor.")
class ActorSortField(StrEnum):
    NAME = "NAME"
    KEY = "KEY"
    KIND = "KIND"
    FOUNDED = "FOUNDED"
    AGREEMENT_COUNT = "AGREEMENT_COUNT"
    PROJECT_COUNT = "PROJECT_COUNT"
    PARTNER_COUNT = "PARTNER_COUNT"


@strawberry.enum
class AgreementSortField(StrEnum):
    SIGNED_ON = "SIGNED_ON"
    TITLE = "TITLE"
    KEY = "KEY"
    KIND = "KIND"
    PARTY_COUNT = "PARTY_COUNT"


@strawberry.enum
class ProjectSortField(StrEnum):
    TITLE = "TITLE"
    KEY = "KEY"
    STATUS = "STATUS"
    STARTED_ON = "STARTED_ON"
    PARTICIPANT_COUNT = "PARTICIPANT_COUNT"


@strawberry.enum
class ThemeSortField(StrEnum):
    LABEL = "LABEL"
    KEY = "KEY"
    ACTOR_COUNT = "ACTOR_COUNT"
