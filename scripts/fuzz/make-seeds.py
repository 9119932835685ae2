#!/usr/bin/env python3
"""Writes the seed corpora of the platform fuzz targets under scripts/fuzz/corpus/<target>/.

Real-shaped answers, modelled on the adapters' tests and the platforms' reference shapes. The campaign-file targets but
`config` need no seeds here: scripts/fuzz.sh seeds them from the sample library itself (Campaigns/, Creative/).
Run it again after changing a seed below; the files are small and committed.
"""
import io, os, zipfile, shutil

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")

def put(target, name, text):
    d = os.path.join(ROOT, target)
    os.makedirs(d, exist_ok=True)
    data = text if isinstance(text, bytes) else text.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

GOOGLE_FAILURE = '{"@type":"type.googleapis.com/google.ads.googleads.v25.errors.GoogleAdsFailure","errors":[{"errorCode":{"fieldError":"REQUIRED"},"message":"The required field was not present.","location":{"fieldPathElements":[{"fieldName":"mutate_operations","index":3},{"fieldName":"campaign_operation"},{"fieldName":"create"},{"fieldName":"name"}]}}],"requestId":"abcDEF123"}'

# config: the sample's tfz.yaml (the other campaign-file targets read the sample library in place)
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
with open(os.path.join(REPO, "tfz.yaml"), "rb") as f:
    put("config", "tfz.yaml", f.read())

# google-stream: searchStream answers
put("google-stream", "two-batches.json", '''[{
  "results": [
    {
      "campaign": {"resourceName": "customers/1234567890/campaigns/111", "id": "111"},
      "adGroup": {"resourceName": "customers/1234567890/adGroups/222", "id": "222"},
      "adGroupCriterion": {"resourceName": "customers/1234567890/adGroupCriteria/222~333", "criterionId": "333",
                           "keyword": {"text": "escort \\"near me\\" caf\\u00e9", "matchType": "PHRASE"}},
      "keywordView": {"resourceName": "customers/1234567890/keywordViews/222~333"},
      "metrics": {"clicks": "7", "costMicros": "9120000", "impressions": "412", "conversions": 1.5},
      "segments": {"date": "2026-11-02"}
    },
    {"campaign": {"id": "111"}, "metrics": {}, "segments": {"date": "2026-11-02"}}
  ],
  "fieldMask": "campaign.id,adGroup.id,adGroupCriterion.criterionId,metrics.impressions,segments.date",
  "requestId": "Xb3-q1"
},
{
  "results": [
    {"campaign": {"id": "9000000000123"}, "metrics": {"impressions": 9223372036854775807, "searchImpressionShare": 0.0999, "clicks": "0"},
     "segments": {"date": "2026-11-03"}}
  ],
  "fieldMask": "campaign.id,metrics.impressions,metrics.searchImpressionShare,segments.date",
  "requestId": "Xb3-q1", "queryResourceConsumption": "118"
}]
''')
put("google-stream", "ads-and-pages.json", '[{"results":[{"campaign":{"id":"1"},"adGroup":{"id":"2"},"adGroupAd":{"ad":{"id":"5","resourceName":"x"}},"metrics":{"impressions":"3","clicks":"1","costMicros":"10000","conversions":0.5},"segments":{"date":"2027-01-01"}},{"campaign":{"id":"1"},"adGroup":{"id":"2"},"landingPageView":{"unexpandedFinalUrl":"https://example.org/help?utm_source=google_ads"},"metrics":{"impressions":"4"},"segments":{"date":"2027-01-02"}}],"fieldMask":"campaign.id","requestId":"r"}]')
put("google-stream", "empty.json", "[]")
put("google-stream", "error-after-rows.json", '[{"results":[{"campaign":{"id":"1"},"segments":{"date":"2027-01-01"}}]},{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.ads.googleads.v25.errors.GoogleAdsFailure","errors":[{"errorCode":{"quotaError":"RESOURCE_EXHAUSTED"},"message":"Too many requests.","details":{"quotaErrorDetails":{"rateScope":"DEVELOPER","rateName":"Number of operations for basic access","retryDelay":"86400s"}}}],"requestId":"abc"}]}}]')
put("google-stream", "bare-error.json", '{"error":{"code":400,"message":"Request contains an invalid argument.","status":"INVALID_ARGUMENT","details":[' + GOOGLE_FAILURE + ']}}')

# google-mutate: mutate, search, suggest answers and error answers
put("google-mutate", "mutate.json", '{"mutateOperationResponses":[{"campaignBudgetResult":{"resourceName":"customers/1234567890/campaignBudgets/-1"}},{"campaignResult":{"resourceName":"customers/1234567890/campaigns/-2"}},{}]}')
put("google-mutate", "partial-failure.json", '{"mutateOperationResponses":[{"campaignResult":{"resourceName":"customers/1234567890/campaigns/9"}},{}],"partialFailureError":{"code":3,"message":"Multiple errors in details.","details":[' + GOOGLE_FAILURE + ']}}')
put("google-mutate", "search-pages.json", '{"results":[{"campaign":{"resourceName":"customers/1234567890/campaigns/9","id":"9","name":"tfz fl-orange deterrence-search [k:fl-orange/deterrence-search]","status":"PAUSED"}}],"totalResultsCount":"1","fieldMask":"campaign.id","nextPageToken":""}')
put("google-mutate", "suggest.json", '{"geoTargetConstantSuggestions":[{"locale":"en","reach":"1000","searchTerm":"Orange County, Florida","geoTargetConstant":{"resourceName":"geoTargetConstants/1015116","id":"1015116","name":"Orange County","countryCode":"US","targetType":"County","status":"ENABLED","canonicalName":"Orange County,Florida,United States"}}]}')
put("google-mutate", "bad-request.json", '{"error":{"code":400,"message":"Invalid JSON payload received.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"mutate_operations[0].campaign_operation.create.status","description":"Invalid value at \'mutate_operations[0]\' (TYPE_ENUM), \\"LIVE\\""}]}]}}')
put("google-mutate", "quota.json", '{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.ads.googleads.v25.errors.GoogleAdsFailure","errors":[{"errorCode":{"quotaError":"RESOURCE_TEMPORARILY_EXHAUSTED"},"message":"Too many requests. Retry in 1.5s.","details":{"quotaErrorDetails":{"rateScope":"ACCOUNT","rateName":"Requests per account","retryDelay":"1.5s"}}}],"requestId":"abcDEF123"},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"30s"}]}}')
put("google-mutate", "html.txt", "<html><body>502 Bad Gateway</body></html>")

# microsoft-json: Campaign Management and Reporting answers, faults
put("microsoft-json", "add-campaigns.json", '{"CampaignIds":["501",null,"503"],"PartialErrors":[{"Type":"BatchError","Code":1129,"ErrorCode":"CampaignServiceCampaignNameNotUnique","Index":1,"Message":"The campaign name is already in use.","Details":null,"FieldPath":null}]}')
put("microsoft-json", "nested.json", '{"NegativeKeywordIds":[{"Ids":["9001",null]}],"CampaignCriterionIds":["7",null],"NestedPartialErrors":[{"Type":"BatchErrorCollection","Index":0,"Code":null,"ErrorCode":null,"Message":null,"BatchErrors":[{"Type":"BatchError","Code":4224,"ErrorCode":"CampaignServiceNegativeKeywordTooLong","Index":1,"Message":"The negative keyword is too long."}]},{"Type":"BatchErrorCollection","Index":2,"Code":1032,"ErrorCode":"CampaignServiceInvalidCriterion","Message":"The criterion is not valid.","BatchErrors":null}]}')
put("microsoft-json", "campaigns.json", '{"Campaigns":[{"Id":"501","Name":"tfz fl-orange deterrence-search [k:fl-orange/deterrence-search]","Status":"Paused","DailyBudget":20.5,"BudgetType":"DailyBudgetStandard","TimeZone":"EasternTimeUSCanada","CampaignType":"Search"}],"PartialErrors":null}')
put("microsoft-json", "negatives.json", '{"EntityNegativeKeywords":[{"EntityId":"501","EntityType":"Campaign","NegativeKeywords":[{"Id":"9001","MatchType":"Phrase","Text":"jobs"}]}],"PartialErrors":[]}')
put("microsoft-json", "api-fault.json", '{"Type":"ApiFaultDetail","TrackingId":"2b1d7a1c-6c8e-4c1b-9a7e-0f3b4c5d6e7f","BatchErrors":[{"Type":"BatchError","Code":1113,"ErrorCode":"CampaignServiceCannotChangeTimeZone","Index":1,"Message":"The time zone cannot be changed.","FieldPath":"Campaigns[1].TimeZone"}],"OperationErrors":[{"Code":1100,"ErrorCode":"CampaignServiceInvalidAccountId","Message":"The account ID is invalid.","Details":null}]}')
put("microsoft-json", "call-rate.json", '{"ApplicationFault":{"Type":"ApiFaultDetail","TrackingId":"t-117","OperationErrors":[{"Code":117,"ErrorCode":"CallRateExceeded","Message":"You have exceeded the number of calls that you are allowed to make in a minute."}],"BatchErrors":[]}}')
put("microsoft-json", "auth-fault.json", '{"Type":"AdCenterAuthenticationFault","TrackingId":"t-105","ErrorCode":"AuthenticationTokenExpired","ErrorMessage":"Authentication token expired. Please renew it or obtain a new token."}')
put("microsoft-json", "report-submit.json", '{"ReportRequestId":"30000000123456789"}')
put("microsoft-json", "report-poll.json", '{"ReportRequestId":"30000000123456789","ReportRequestStatus":{"ReportDownloadUrl":"https://bingadsappsstorageprod.blob.core.windows.net/reports/r-1.zip?sv=2020-08-04&se=2026-11-20","Status":"Success"}}')
put("microsoft-json", "report-busy.json", '{"Type":"ApiFaultDetail","TrackingId":"t-207","OperationErrors":[{"Code":207,"ErrorCode":"ConcurrentRequestOverLimit","Message":"Too many reports."}]}')

# microsoft-report: report CSVs
KEYWORD_CSV = ('"TimePeriod","AccountId","CampaignId","AdGroupId","KeywordId","Keyword","BidMatchType","Impressions","Clicks","Spend","Conversions"\r\n'
               '"2026-11-01","149876543","5001","6001","7001","escort near me","Phrase","1,204","12","14.50","0"\r\n'
               '"11/2/2026","149876543","5001","6001","7002","buy ""sex"", now","Exact","7","1","0.333333",""\r\n')
put("microsoft-report", "keyword.csv", "\ufeff" + KEYWORD_CSV)
put("microsoft-report", "campaign.csv", "TimePeriod,AccountId,CampaignId,Impressions,Clicks,Spend,Conversions,ImpressionSharePercent\n2026-11-01,149876543,5001,400,12,3.5,0,42.50%\n2026-11-01,149876543,5002,20,0,0,0,< 10%\n11/2/2026,149876543,5001,0,0,0,0,--\n2026-11-03,149876543,5001,7,1,0.333333,,100.00%\n")
put("microsoft-report", "landing-page.csv", '"TimePeriod","AccountId","CampaignId","AdGroupId","FinalUrl","DestinationUrl","Impressions","Clicks","Spend","Conversions"\n"2026-11-01","1","5001","6001","https://example.org/stop/a","","10","2","1.10","0"\n"2026-11-01","1","5001","6001","","https://example.org/old","3","0","0.00","0"\n')
put("microsoft-report", "ad.csv", "TimePeriod,AccountId,CampaignId,AdGroupId,AdId,Impressions,Clicks,Spend,Conversions\n2026-11-01,1,5001,6001,8001,9,1,0.25,0.5\n")

# microsoft-zip: zipped reports (deflated and stored), and the fixture's archive
def zipped(name, data, method):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        z.writestr(name, data)
    return buf.getvalue()
put("microsoft-zip", "keyword-deflated.zip", zipped("Report_12345.csv", KEYWORD_CSV, zipfile.ZIP_DEFLATED))
put("microsoft-zip", "keyword-stored.zip", zipped("Report_12345.csv", KEYWORD_CSV, zipfile.ZIP_STORED))
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("folder/", b"")
    z.writestr("folder/Report_1.csv", "TimePeriod,AccountId,CampaignId,Impressions,Clicks,Spend\n2026-11-01,1,5001,4,0,0\n")
put("microsoft-zip", "with-folder.zip", buf.getvalue())

# microsoft-locations: the geographical locations file, format 2.0
put("microsoft-locations", "locations.csv", "Location Id,Bing Display Name,Location Type,Replaces,Status,AdWords Location Id\n190,United States,Country,,Active,2840\n4294,Florida|United States,State,,Active,21142\n95001,Hillsborough County|Florida|United States,County,,Active,1015116\n95002,Orange County|Florida|United States,County,,Pending Deprecation,\n95003,Old Hillsborough County|Florida|United States,County,,Deprecated,\n95004,Orange|Florida|United States,County,95002,Active,\n60601,33602|Florida|United States,PostalCode,,Active,9011753\n")

# oauth-token: token endpoint answers
put("oauth-token", "google.json", '{"access_token":"fuzz-access-token-value","expires_in":3599,"scope":"https://www.googleapis.com/auth/adwords","token_type":"Bearer"}')
put("oauth-token", "microsoft.json", '{"token_type":"Bearer","scope":"https://ads.microsoft.com/msads.manage","expires_in":"3600","ext_expires_in":3600,"access_token":"fuzz-access-token-value","refresh_token":"fuzz-refresh-value"}')
put("oauth-token", "invalid-grant.json", '{"error":"invalid_grant","error_description":"Token has been expired or revoked."}')
put("oauth-token", "expired-inactivity.json", '{"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has expired due to inactivity. The token was issued on 2026-01-01. Trace ID: 0000\\r\\nCorrelation ID: 1111\\r\\nTimestamp: 2026-06-01 00:00:00Z","error_codes":[700082],"timestamp":"2026-06-01 00:00:00Z"}')
put("oauth-token", "invalid-client.json", '{"error":"invalid_client","error_description":"The OAuth client was not found."}')
