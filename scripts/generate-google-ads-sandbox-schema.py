#!/usr/bin/env python3
"""Generate Sources/Sandbox/Generated/GoogleAdsSchema.swift from the Google Ads v25 digest.

Usage:
    python3 scripts/generate-google-ads-sandbox-schema.py /work/shared/reference/google-ads-v25.json
    python3 scripts/generate-google-ads-sandbox-schema.py REFERENCE.json --output path/to/GoogleAdsSchema.swift

The sandbox validates every request body against this schema the way Google's REST front end does
(unknown field names, unknown enum strings, malformed int64s) and uses the field behaviours
(OUTPUT_ONLY, IMMUTABLE) for the Google Ads level checks. The script also checks that every error
code the sandbox sends (USED_ERROR_CODES below) exists in the reference's `errorEnumValues`, so the
sandbox can never answer with an error value that Google Ads v25 does not have. The output is
deterministic: running the script twice on the same reference gives the same file.
"""

import argparse
import json
import os
import re
import sys

# Messages whose fields the sandbox must know. Everything reachable from these is included.
ROOTS = [
    "resources.CampaignBudget",
    "resources.Campaign",
    "resources.CampaignCriterion",
    "resources.AdGroup",
    "resources.AdGroupCriterion",
    "resources.AdGroupAd",
    "resources.KeywordView",
    "services.MutateGoogleAdsRequest",
    "services.MutateOperationResponse",
    "services.MutateCampaignBudgetsRequest",
    "services.MutateCampaignsRequest",
    "services.MutateCampaignCriteriaRequest",
    "services.MutateAdGroupsRequest",
    "services.MutateAdGroupCriteriaRequest",
    "services.MutateAdGroupAdsRequest",
    "services.SearchGoogleAdsRequest",
    "services.SearchGoogleAdsStreamRequest",
    "services.GoogleAdsRow",
    "common.Metrics",
    "common.Segments",
]

# Every (ErrorCode member, value) pair the sandbox answers with. Checked against the reference.
USED_ERROR_CODES = [
    ("requestError", "TOO_MANY_MUTATE_OPERATIONS"),
    ("requestError", "PAGE_SIZE_NOT_SUPPORTED"),
    ("requestError", "INVALID_PAGE_TOKEN"),
    ("requestError", "OPERATION_REQUIRED"),
    ("requestError", "RESOURCE_NAME_MISSING"),
    ("requestError", "RESOURCE_NAME_MALFORMED"),
    ("requestError", "BAD_RESOURCE_ID"),
    ("requestError", "INVALID_CUSTOMER_ID"),
    ("requestError", "INVALID_ENUM_VALUE"),
    ("requestError", "DEVELOPER_TOKEN_PARAMETER_MISSING"),
    ("authenticationError", "DEVELOPER_TOKEN_INVALID"),
    ("authorizationError", "USER_PERMISSION_DENIED"),
    ("headerError", "INVALID_LOGIN_CUSTOMER_ID"),
    ("quotaError", "RESOURCE_EXHAUSTED"),
    ("internalError", "INTERNAL_ERROR"),
    ("databaseError", "CONCURRENT_MODIFICATION"),
    ("fieldError", "REQUIRED"),
    ("fieldError", "IMMUTABLE_FIELD"),
    ("fieldError", "VALUE_MUST_BE_UNSET"),
    ("fieldError", "INVALID_VALUE"),
    ("fieldMaskError", "FIELD_MASK_MISSING"),
    ("fieldMaskError", "FIELD_NOT_FOUND"),
    ("fieldMaskError", "FIELD_HAS_SUBFIELDS"),
    ("mutateError", "RESOURCE_NOT_FOUND"),
    ("mutateError", "RESOURCE_ALREADY_EXISTS"),
    ("mutateError", "ID_EXISTS_IN_MULTIPLE_MUTATES"),
    ("operationAccessDeniedError", "CREATE_AS_REMOVED_NOT_PERMITTED"),
    ("operationAccessDeniedError", "OPERATION_NOT_PERMITTED_FOR_REMOVED_RESOURCE"),
    ("stringLengthError", "TOO_LONG"),
    ("dateError", "INVALID_STRING_DATE_TIME_SECONDS"),
    ("dateError", "DATE_RANGE_MINIMUM_DATE_LATER_THAN_MAXIMUM_DATE"),
    ("distinctError", "DUPLICATE_ELEMENT"),
    ("campaignBudgetError", "DUPLICATE_NAME"),
    ("campaignBudgetError", "NEGATIVE_MONEY_AMOUNT"),
    ("campaignBudgetError", "NON_MULTIPLE_OF_MINIMUM_CURRENCY_UNIT"),
    ("campaignBudgetError", "CAMPAIGN_BUDGET_IN_USE"),
    ("campaignBudgetError", "CAMPAIGN_BUDGET_REMOVED"),
    ("campaignBudgetError", "CANNOT_USE_ACCELERATED_DELIVERY_MODE"),
    ("campaignBudgetError", "CANNOT_USE_IMPLICITLY_SHARED_CAMPAIGN_BUDGET_WITH_MULTIPLE_CAMPAIGNS"),
    ("campaignError", "DUPLICATE_CAMPAIGN_NAME"),
    ("campaignError", "INVALID_CAMPAIGN_NAME"),
    ("campaignError", "INVALID_STATUS_CHANGE"),
    ("biddingError", "BID_TOO_SMALL"),
    ("biddingError", "BID_TOO_MANY_FRACTIONAL_DIGITS"),
    ("adGroupError", "DUPLICATE_ADGROUP_NAME"),
    ("adGroupError", "MISSING_ADGROUP_NAME"),
    ("campaignCriterionError", "CONCRETE_TYPE_REQUIRED"),
    ("campaignCriterionError", "CANNOT_UPDATE_NEGATIVE_CRITERION"),
    ("adGroupCriterionError", "CONCRETE_TYPE_REQUIRED"),
    ("adGroupCriterionError", "CANT_UPDATE_NEGATIVE"),
    ("criterionError", "KEYWORD_TEXT_TOO_LONG"),
    ("criterionError", "KEYWORD_HAS_TOO_MANY_WORDS"),
    ("criterionError", "KEYWORD_HAS_INVALID_CHARS"),
    ("criterionError", "INVALID_KEYWORD_TEXT"),
    ("criterionError", "CANNOT_ADD_CRITERIA_TYPE"),
    ("criterionError", "CANNOT_EXCLUDE_CRITERIA_TYPE"),
    ("criterionError", "INVALID_CRITERION_ID"),
    ("criterionError", "AD_SCHEDULE_INVALID_TIME_INTERVAL"),
    ("criterionError", "AD_SCHEDULE_TIME_INTERVALS_OVERLAP"),
    ("criterionError", "CANNOT_BID_MODIFY_NEGATIVE_CRITERION"),
    ("adError", "TOO_LONG"),
    ("adError", "INVALID_NUMBER_OF_ELEMENTS"),
    ("adError", "EMPTY_FIELD"),
    ("adError", "CANNOT_SET_PATH2_WITHOUT_PATH1"),
    ("adError", "INVALID_AD_TYPE"),
    ("adGroupAdError", "CANNOT_CREATE_DEPRECATED_ADS"),
    ("urlFieldError", "MISSING_PROTOCOL_IN_FINAL_URL"),
    ("urlFieldError", "INVALID_PROTOCOL_IN_FINAL_URL"),
    ("urlFieldError", "MISSING_HOST_IN_FINAL_URL"),
    ("urlFieldError", "INVALID_TLD_IN_FINAL_URL"),
    ("queryError", "QUERY_ERROR"),
    ("queryError", "EXPECTED_SELECT"),
    ("queryError", "EXPECTED_FROM"),
    ("queryError", "UNEXPECTED_INPUT"),
    ("queryError", "UNEXPECTED_END_OF_QUERY"),
    ("queryError", "STRING_NOT_TERMINATED"),
    ("queryError", "BAD_OPERATOR"),
    ("queryError", "BAD_VALUE"),
    ("queryError", "BAD_NUMBER"),
    ("queryError", "BAD_ENUM_CONSTANT"),
    ("queryError", "BAD_LIMIT_VALUE"),
    ("queryError", "UNRECOGNIZED_FIELD"),
    ("queryError", "BAD_RESOURCE_TYPE_IN_FROM_CLAUSE"),
    ("queryError", "PROHIBITED_RESOURCE_TYPE_IN_SELECT_CLAUSE"),
    ("queryError", "PROHIBITED_RESOURCE_TYPE_IN_WHERE_CLAUSE"),
    ("queryError", "PROHIBITED_METRIC_IN_SELECT_OR_WHERE_CLAUSE"),
    ("queryError", "PROHIBITED_SEGMENT_IN_SELECT_OR_WHERE_CLAUSE"),
    ("queryError", "EXPECTED_FILTERS_ON_DATE_RANGE"),
    ("queryError", "INVALID_DATE_FORMAT"),
    ("queryError", "INVALID_VALUE_WITH_LIKE_OPERATOR"),
    ("queryError", "INVALID_VALUE_WITH_BETWEEN_OPERATOR"),
    ("queryError", "INVALID_VALUE_WITH_DURING_OPERATOR"),
    ("queryError", "OPERATOR_FIELD_MISMATCH"),
    ("queryError", "PROHIBITED_EMPTY_LIST_IN_CONDITION"),
]

SCALARS = {
    "string": "string",
    "bytes": "bytes",
    "bool": "bool",
    "double": "double",
    "float": "float",
    "int32": "int32",
    "sint32": "int32",
    "sfixed32": "int32",
    "uint32": "uint32",
    "fixed32": "uint32",
    "int64": "int64",
    "sint64": "int64",
    "sfixed64": "int64",
    "uint64": "uint64",
    "fixed64": "uint64",
}

WELL_KNOWN = {
    "google.protobuf.FieldMask": "fieldMask",
    "google.protobuf.Duration": "duration",
}


def swift_string(text):
    return json.dumps(text, ensure_ascii=False)


def constant_name(member, value):
    parts = value.lower().split("_")
    return member + "".join(p[:1].upper() + p[1:] for p in parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference", help="path to google-ads-v25.json")
    parser.add_argument(
        "--output",
        default=os.path.join(
            os.path.dirname(os.path.abspath(__file__)),
            "..", "Sources", "Sandbox", "Generated", "GoogleAdsSchema.swift",
        ),
    )
    args = parser.parse_args()

    with open(args.reference, encoding="utf-8") as handle:
        reference = json.load(handle)
    messages = reference["messages"]
    enums = reference["enums"]

    # Walk the message graph.
    included, opaque, enum_names = [], set(), set()
    seen = set()
    stack = list(reversed(ROOTS))
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        if name not in messages:
            opaque.add(name)
            continue
        included.append(name)
        for field in reversed(messages[name].get("fields", [])):
            type_name = field["type"]
            if field.get("enum"):
                enum_names.add(type_name)
            elif type_name in SCALARS or type_name in WELL_KNOWN:
                continue
            else:
                stack.append(type_name)
    included.sort()

    # Check the error codes against the reference.
    members = {m["json"]: m["enum"] for m in reference["errorCodeMembers"]}
    error_values = reference["errorEnumValues"]
    problems = []
    for member, value in USED_ERROR_CODES:
        enum_name = members.get(member)
        if enum_name is None:
            problems.append(f"{member} is not an ErrorCode member")
        elif enum_name not in error_values:
            problems.append(f"{member} ({enum_name}) has no values in errorEnumValues")
        elif value not in error_values[enum_name]:
            problems.append(f"{member}.{value} does not exist in {enum_name}")
    if len(set(USED_ERROR_CODES)) != len(USED_ERROR_CODES):
        problems.append("USED_ERROR_CODES has duplicates")
    if problems:
        sys.exit("error: " + "\n".join(problems))

    source = reference.get("source", {})
    out = []
    emit = out.append
    emit("// GENERATED FILE — DO NOT EDIT.")
    emit("//")
    emit("// Generated by scripts/generate-google-ads-sandbox-schema.py from the Google Ads API v25 digest")
    emit(f"// ({os.path.basename(args.reference)}: {source.get('repository', '?')} at {source.get('commit', '?')}).")
    emit("// Regenerate with:")
    emit("//     python3 scripts/generate-google-ads-sandbox-schema.py /work/shared/reference/google-ads-v25.json")
    emit("//")
    emit(f"// {len(included)} messages reachable from the six mutate resources, the googleAds:mutate/search")
    emit(f"// requests and GoogleAdsRow; {len(enum_names)} enums; {len(USED_ERROR_CODES)} error codes, each checked")
    emit("// against the reference's errorEnumValues when this file was generated.")
    emit("")
    emit("extension GoogleAdsSchema {")
    emit("    /// Every message the sandbox validates, with its fields in proto order.")
    emit("    static let generatedMessages: [MessageSchema] = [")
    for name in included:
        message = messages[name]
        emit("        MessageSchema(")
        emit(f"            name: {swift_string(name)},")
        resource_name = message.get("resourceName")
        emit(f"            resourceName: {swift_string(resource_name) if resource_name else 'nil'},")
        emit("            fields: [")
        for field in message.get("fields", []):
            type_name = field["type"]
            if field.get("enum"):
                kind = f".enumeration({swift_string(type_name)})"
            elif type_name in SCALARS:
                kind = "." + SCALARS[type_name]
            elif type_name in WELL_KNOWN:
                kind = "." + WELL_KNOWN[type_name]
            else:
                kind = f".message({swift_string(type_name)})"
            behaviors = [b for b in field.get("behavior", []) if b in ("OUTPUT_ONLY", "IMMUTABLE", "REQUIRED")]
            behavior_text = ", ".join(
                {"OUTPUT_ONLY": ".outputOnly", "IMMUTABLE": ".immutable", "REQUIRED": ".required"}[b]
                for b in behaviors
            )
            oneof = field.get("oneof")
            emit(
                "                FieldSchema("
                f"json: {swift_string(field['json'])}, "
                f"proto: {swift_string(field['name'])}, "
                f"kind: {kind}, "
                f"repeated: {'true' if field.get('repeated') else 'false'}, "
                f"optional: {'true' if field.get('optional') else 'false'}, "
                f"behaviors: [{behavior_text}], "
                f"oneof: {swift_string(oneof) if oneof else 'nil'}),"
            )
        emit("            ]")
        emit("        ),")
    emit("    ]")
    emit("")
    emit("    /// Messages that fields refer to but the reference does not expand; accepted as opaque objects.")
    emit("    static let generatedOpaqueMessages: Set<String> = [")
    for name in sorted(opaque):
        emit(f"        {swift_string(name)},")
    emit("    ]")
    emit("")
    emit("    /// Enum values in proto order (UNSPECIFIED and UNKNOWN included, as on the wire).")
    emit("    static let generatedEnums: [EnumSchema] = [")
    for name in sorted(enum_names):
        values = enums[name]["values"]
        emit(f"        EnumSchema(name: {swift_string(name)}, values: [")
        line = "            "
        for value in values:
            piece = swift_string(value) + ", "
            if len(line) + len(piece) > 110:
                emit(line.rstrip())
                line = "            "
            line += piece
        if line.strip():
            emit(line.rstrip())
        emit("        ]),")
    emit("    ]")
    emit("}")
    emit("")
    emit("extension GoogleAdsErrorCode {")
    for member, value in USED_ERROR_CODES:
        emit(f"    /// `{{\"{member}\": \"{value}\"}}` ({members[member]}).")
        emit(
            f"    static let {constant_name(member, value)} = "
            f"GoogleAdsErrorCode(member: {swift_string(member)}, value: {swift_string(value)})"
        )
    emit("")
    emit("    /// Every error code above; each exists in the v25 reference.")
    emit("    static let allUsed: [GoogleAdsErrorCode] = [")
    for member, value in USED_ERROR_CODES:
        emit(f"        .{constant_name(member, value)},")
    emit("    ]")
    emit("}")
    emit("")

    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w", encoding="utf-8") as handle:
        handle.write("\n".join(out))
    print(f"wrote {args.output}: {len(included)} messages, {len(enum_names)} enums, "
          f"{len(USED_ERROR_CODES)} error codes")


if __name__ == "__main__":
    main()
