#!/usr/bin/env python3
"""Generate Sources/Sandbox/MicrosoftAds/Generated/MicrosoftAdsSchema+Tables.swift from the
Microsoft Advertising REST v13 digest.

Usage:
    python3 scripts/generate-microsoft-ads-sandbox-schema.py /work/shared/reference/microsoft-ads-v13.json
    python3 scripts/generate-microsoft-ads-sandbox-schema.py REFERENCE.json --output path/to/File.swift

The sandbox validates every Microsoft Advertising request body against these tables the way the
sandbox's Google module validates against its generated v25 schema: an unknown field name, a value
of the wrong JSON type, an int64 that is not an integer, an enum string that the enum does not have,
or a "Type" discriminator that the base model does not know is a 400 ApplicationFault.

Only the models reachable from the request models of the operations the sandbox serves are written,
plus a few models the digest does not carry (SUPPLEMENT below: GetGeoLocationsFileUrl and the
AdPerformanceReportRequest family), transcribed from the same PHP SDK the digest was made from
(BingAds/BingAds-PHP-REST-SDK at 6c6b3a5fa8f8a5dca2d0afaed6145476b6763d02,
src/Model/CampaignManagementService/GetGeoLocationsFileUrl*.php, CompressionType.php and
src/Model/ReportingService/AdPerformanceReport*.php). The output is deterministic.
"""

import argparse
import json
import os
import sys

# Request models of the operations the sandbox serves (see SandboxEngine+Microsoft.swift).
ROOTS = [
    "cm.AddCampaignsRequest", "cm.UpdateCampaignsRequest", "cm.DeleteCampaignsRequest",
    "cm.GetCampaignsByAccountIdRequest", "cm.GetCampaignsByIdsRequest",
    "cm.AddAdGroupsRequest", "cm.UpdateAdGroupsRequest", "cm.DeleteAdGroupsRequest",
    "cm.GetAdGroupsByCampaignIdRequest", "cm.GetAdGroupsByIdsRequest",
    "cm.AddKeywordsRequest", "cm.UpdateKeywordsRequest", "cm.DeleteKeywordsRequest",
    "cm.GetKeywordsByAdGroupIdRequest", "cm.GetKeywordsByIdsRequest",
    "cm.AddAdsRequest", "cm.UpdateAdsRequest", "cm.DeleteAdsRequest",
    "cm.GetAdsByAdGroupIdRequest", "cm.GetAdsByIdsRequest",
    "cm.AddCampaignCriterionsRequest", "cm.UpdateCampaignCriterionsRequest",
    "cm.DeleteCampaignCriterionsRequest", "cm.GetCampaignCriterionsByIdsRequest",
    "cm.AddNegativeKeywordsToEntitiesRequest", "cm.DeleteNegativeKeywordsFromEntitiesRequest",
    "cm.GetNegativeKeywordsByEntityIdsRequest",
    "cm.GetGeoLocationsFileUrlRequest",
    "rep.SubmitGenerateReportRequest", "rep.PollGenerateReportRequest",
]

# Models and enums the digest does not carry, from the PHP SDK named in the docstring.
SUPPLEMENT_MODELS = {
    "cm.GetGeoLocationsFileUrlRequest": {
        "fields": [
            {"name": "Version", "type": "string"},
            {"name": "LanguageLocale", "type": "string"},
            {"name": "CompressionType", "type": "CompressionType", "enum": True},
        ]
    },
    "cm.GetGeoLocationsFileUrlResponse": {
        "fields": [
            {"name": "FileUrl", "type": "string"},
            {"name": "LastModifiedTimeUtc", "type": "date-time", "format": "date-time"},
            {"name": "FileUrlExpiryTimeUtc", "type": "date-time", "format": "date-time"},
        ]
    },
    "rep.AdPerformanceReportFilter": {
        "fields": [
            {"name": "AdDistribution", "type": "AdDistributionReportFilter", "enum": True, "flags": True},
            {"name": "AdType", "type": "AdTypeReportFilter", "enum": True, "flags": True},
            {"name": "DeviceType", "type": "DeviceTypeReportFilter", "enum": True, "flags": True},
            {"name": "Language", "type": "LanguageReportFilter", "enum": True, "flags": True},
            {"name": "AccountStatus", "type": "AccountStatusReportFilter", "enum": True, "flags": True},
            {"name": "CampaignStatus", "type": "CampaignStatusReportFilter", "enum": True, "flags": True},
            {"name": "AdGroupStatus", "type": "AdGroupStatusReportFilter", "enum": True, "flags": True},
            {"name": "AdStatus", "type": "AdStatusReportFilter", "enum": True, "flags": True},
        ]
    },
    "rep.AdPerformanceReportRequest": {
        "extends": "ReportRequest",
        "typeValue": "AdPerformanceReportRequest",
        "fields": [
            {"name": "ReportName", "type": "string"},
            {"name": "Format", "type": "ReportFormat", "enum": True},
            {"name": "ReturnOnlyCompleteData", "type": "boolean"},
            {"name": "ExcludeReportHeader", "type": "boolean"},
            {"name": "ExcludeReportFooter", "type": "boolean"},
            {"name": "ExcludeColumnHeaders", "type": "boolean"},
            {"name": "FormatVersion", "type": "string"},
            {"name": "Scope", "type": "AccountThroughAdGroupReportScope"},
            {"name": "Filter", "type": "AdPerformanceReportFilter"},
            {"name": "Time", "type": "ReportTime"},
            {"name": "Aggregation", "type": "ReportAggregation", "enum": True},
            {"name": "Columns", "type": "AdPerformanceReportColumn", "array": True, "enum": True},
            {"name": "Type", "type": "string"},
        ],
    },
}

SUPPLEMENT_ENUMS = {
    "cm.CompressionType": ["Zip", "GZip"],
    "rep.AdPerformanceReportColumn": (
        "AccountName AccountNumber AccountId TimePeriod CampaignName CampaignId AdGroupName AdId AdGroupId "
        "AdTitle AdDescription AdDescription2 AdType CurrencyCode AdDistribution Impressions Clicks Ctr "
        "AverageCpc Spend AveragePosition Conversions ConversionRate CostPerConversion DestinationUrl "
        "DeviceType Language DisplayUrl AdStatus Network TopVsOther BidMatchType DeliveredMatchType DeviceOS "
        "Assists Revenue ReturnOnAdSpend CostPerAssist RevenuePerConversion RevenuePerAssist TrackingTemplate "
        "CustomParameters FinalUrl FinalMobileUrl FinalAppUrl AccountStatus CampaignStatus AdGroupStatus "
        "TitlePart1 TitlePart2 TitlePart3 Headline LongHeadline BusinessName Path1 Path2 AdLabels CustomerId "
        "CustomerName CampaignType BaseCampaignId AllConversions AllRevenue AllConversionRate "
        "AllCostPerConversion AllReturnOnAdSpend AllRevenuePerConversion FinalUrlSuffix "
        "ViewThroughConversions Goal GoalType AbsoluteTopImpressionRatePercent TopImpressionRatePercent "
        "AverageCpm ConversionsQualified AllConversionsQualified ViewThroughConversionsQualified "
        "ViewThroughRevenue VideoViews ViewThroughRate AverageCPV VideoViewsAt25Percent VideoViewsAt50Percent "
        "VideoViewsAt75Percent CompletedVideoViews VideoCompletionRate TotalWatchTimeInMS "
        "AverageWatchTimePerVideoView AverageWatchTimePerImpression AdStrength AdStrengthActionItems GoalId"
    ).split(),
}

# Enums the sandbox reads by name (checked to exist).
USED_ENUMS = [
    "cm.CampaignStatus", "cm.AdGroupStatus", "cm.KeywordStatus", "cm.AdStatus", "cm.MatchType", "cm.Day",
    "cm.Minute", "cm.DistanceUnit", "cm.CampaignCriterionType", "rep.KeywordPerformanceReportColumn",
    "rep.CampaignPerformanceReportColumn", "rep.DestinationUrlPerformanceReportColumn",
    "rep.AdGroupPerformanceReportColumn", "rep.AdPerformanceReportColumn", "rep.ReportTimeZone",
]

PRIMITIVES = {"string", "integer", "number", "boolean", "date-time", "object"}


def swift_string(text):
    return json.dumps(text, ensure_ascii=False)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("reference")
    parser.add_argument(
        "--output",
        default=os.path.join(
            os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "Sandbox", "MicrosoftAds", "Generated",
            "MicrosoftAdsSchema+Tables.swift",
        ),
    )
    args = parser.parse_args()
    with open(args.reference, encoding="utf-8") as handle:
        reference = json.load(handle)
    models = dict(reference["models"])
    enums = {name: value["values"] for name, value in reference["enums"].items()}
    flags = {name for name, value in reference["enums"].items() if value.get("isFlags")}
    models.update(SUPPLEMENT_MODELS)
    enums.update(SUPPLEMENT_ENUMS)
    # The digest's ReportRequest lists AdPerformanceReportRequest as a subtype without expanding it.
    source = reference["source"]

    def service(name):
        return name.split(".", 1)[0]

    def qualified(prefix, short):
        return f"{prefix}.{short}"

    def field_kind(prefix, field):
        kind = field["type"]
        if field.get("enum"):
            name = qualified(prefix, kind)
            if name not in enums:
                sys.exit(f"unknown enum {name}")
            return ("enum", name)
        if kind == "string":
            return ("int64",) if field.get("format") == "int64" else ("string",)
        if kind == "integer":
            return ("int64",) if field.get("format") == "int64" else ("int32",)
        if kind == "number":
            return ("double",)
        if kind == "boolean":
            return ("bool",)
        if kind == "date-time":
            return ("dateTime",)
        if kind == "object":
            return ("object",)
        name = qualified(prefix, kind)
        if name not in models:
            return ("object",)
        return ("model", name)

    included = []
    seen = set()
    queue = list(ROOTS)
    while queue:
        name = queue.pop(0)
        if name in seen:
            continue
        if name not in models:
            sys.exit(f"unknown root or referenced model {name}")
        seen.add(name)
        included.append(name)
        model = models[name]
        prefix = service(name)
        for field in model["fields"]:
            kind = field_kind(prefix, field)
            if kind[0] == "model":
                queue.append(kind[1])
        for sub in (model.get("subtypes") or {}).values():
            subname = qualified(prefix, sub)
            if subname in models:
                queue.append(subname)

    used_enums = set(USED_ENUMS)
    for name in included:
        for field in models[name]["fields"]:
            kind = field_kind(service(name), field)
            if kind[0] == "enum":
                used_enums.add(kind[1])
    for name in USED_ENUMS:
        if name not in enums:
            sys.exit(f"enum {name} is not in the reference")

    def kind_literal(kind, is_flags):
        tag = kind[0]
        if tag == "enum":
            return f".enumeration({swift_string(kind[1])}, flags: {'true' if is_flags else 'false'})"
        if tag == "model":
            return f".model({swift_string(kind[1])})"
        return "." + tag

    lines = []
    lines.append("// GENERATED FILE — DO NOT EDIT.")
    lines.append("//")
    lines.append("// Generated by scripts/generate-microsoft-ads-sandbox-schema.py from the Microsoft Advertising")
    lines.append(f"// REST v13 digest (microsoft-ads-v13.json: {source['repository']} at {source['commit']}),")
    lines.append("// plus the GetGeoLocationsFileUrl and AdPerformanceReportRequest models from the same PHP SDK.")
    lines.append("// Regenerate with:")
    lines.append("//     python3 scripts/generate-microsoft-ads-sandbox-schema.py /work/shared/reference/microsoft-ads-v13.json")
    lines.append("//")
    lines.append(f"// {len(included)} models reachable from the request models of the served operations; "
                 f"{len(used_enums)} enums.")
    lines.append("")
    lines.append("extension MicrosoftAdsSchema {")
    lines.append("    /// Every model the sandbox validates, keyed `cm.Name` / `rep.Name`.")
    lines.append("    static let generatedModels: [MicrosoftModelSchema] = [")
    for name in sorted(included):
        model = models[name]
        prefix = service(name)
        lines.append("        MicrosoftModelSchema(")
        lines.append(f"            name: {swift_string(name)},")
        type_value = model.get("typeValue")
        lines.append(f"            typeValue: {swift_string(type_value) if type_value else 'nil'},")
        subtypes = {}
        for value, sub in sorted((model.get("subtypes") or {}).items()):
            subtypes[value] = qualified(prefix, sub)
        for sub_class, accepted in sorted((model.get("pythonSdkTypeValues") or {}).items()):
            for value in accepted:
                subtypes.setdefault(value, qualified(prefix, sub_class))
        if name == "rep.ReportRequest":
            subtypes.setdefault("AdPerformanceReportRequest", "rep.AdPerformanceReportRequest")
        if model.get("discriminator"):
            entries = ", ".join(f"{swift_string(k)}: {swift_string(v)}" for k, v in sorted(subtypes.items()))
            lines.append(f"            subtypes: [{entries}],")
        else:
            lines.append("            subtypes: nil,")
        lines.append("            fields: [")
        for field in model["fields"]:
            kind = field_kind(prefix, field)
            is_flags = bool(field.get("flags")) or (kind[0] == "enum" and kind[1] in flags)
            lines.append(
                f"                MicrosoftFieldSchema(name: {swift_string(field['name'])}, kind: "
                f"{kind_literal(kind, is_flags)}, array: {'true' if field.get('array') else 'false'}),"
            )
        lines.append("            ]")
        lines.append("        ),")
    lines.append("    ]")
    lines.append("")
    lines.append("    /// Enum values by `cm.Name` / `rep.Name`.")
    lines.append("    static let generatedEnums: [String: [String]] = [")
    for name in sorted(used_enums):
        values = ", ".join(swift_string(v) for v in enums[name])
        lines.append(f"        {swift_string(name)}: [{values}],")
    lines.append("    ]")
    lines.append("}")
    output = os.path.abspath(args.output)
    os.makedirs(os.path.dirname(output), exist_ok=True)
    with open(output, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    print(f"wrote {output}: {len(included)} models, {len(used_enums)} enums")


if __name__ == "__main__":
    main()
