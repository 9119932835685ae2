/// One Microsoft Advertising error: the numeric `Code`, the symbolic `ErrorCode` and the `Message`.
///
/// Codes and symbols are those of Microsoft's "Operation Error Codes" page
/// (MicrosoftDocs/Advertising, advertising/bingads-13/guides/operation-error-codes.md); messages are
/// that page's descriptions unless the sandbox has more to say.
struct MicrosoftError: Sendable, Equatable, Error {
    let code: Int
    let errorCode: String
    let message: String
    /// Free text in `Details` (`Detail` in AdApiError), or nil.
    var details: String?

    init(_ code: Int, _ errorCode: String, _ message: String, details: String? = nil) {
        self.code = code
        self.errorCode = errorCode
        self.message = message
        self.details = details
    }

    func with(details: String) -> MicrosoftError {
        var copy = self
        copy.details = details
        return copy
    }
}

extension MicrosoftError {
    // Authentication and request (AdApiFaultDetail / ApiFaultDetail OperationErrors).
    static let internalError = MicrosoftError(0, "InternalError", "An internal error has occurred.")
    static let nullRequest = MicrosoftError(100, "NullRequest", "The request message is null.")
    static let invalidCredentials = MicrosoftError(
        105, "InvalidCredentials", "Authentication failed. Either supplied credentials are invalid or the account is inactive")
    static let userIsNotAuthorized = MicrosoftError(
        106, "UserIsNotAuthorized", "The user does not represent a authorized developer.")
    static let authenticationTokenExpired = MicrosoftError(
        109, "AuthenticationTokenExpired", "Authentication token expired. Please renew it or obtain a new token.")
    static let callRateExceeded = MicrosoftError(
        117, "CallRateExceeded",
        "You have exceeded the number of calls that you are allowed to make in a minute. Please reduce the number of calls that you make per minute.")
    static let inputValidation = MicrosoftError(201, "ApiInputValidationError", "One or more input elements failed validation.")
    static let operationNotSupported = MicrosoftError(204, "OperationNotSupported", "The operation is not supported.")
    static let customerIdRequired = MicrosoftError(
        1029, "CampaignServiceCustomerIdHasToBeSpecified", "The CustomerId element must be specified for this operation.")
    static let accountIdRequired = MicrosoftError(
        1030, "CampaignServiceAccountIdHasToBeSpecified",
        "The CustomerAccountId element must be specified for this operation.")
    static let concurrentModification = MicrosoftError(
        4149, "CampaignServiceConcurrentStoreModification",
        "The data that you tried to modify was instead modified by another operation during the attempted processing of this service operation.")

    // Campaigns.
    static let invalidCampaignId = MicrosoftError(1100, "CampaignServiceInvalidCampaignId", "The campaign identifier is not valid.")
    static let invalidCampaignName = MicrosoftError(1101, "CampaignServiceInvalidCampaignName", "The campaign name is not valid.")
    static let invalidAccountId = MicrosoftError(1102, "CampaignServiceInvalidAccountId", "The account identifier is not valid.")
    static let nullCampaign = MicrosoftError(1103, "CampaignServiceNullCampaign", "The campaign object is null.")
    static let invalidDailyBudget = MicrosoftError(1106, "CampaignServiceInvalidDailyBudget", "The campaign daily budget is not valid.")
    static let duplicateCampaignIds = MicrosoftError(
        1107, "CampaignServiceDuplicateCampaignIds", "Duplicate identifiers are contained in the array of campaigns.")
    static let timeZoneRequired = MicrosoftError(1109, "CampaignServiceTimeZoneNotEnabled", "The campaign timezone is required.")
    static let timeZoneInvalid = MicrosoftError(1014, "CampaignServiceTimeZoneValueInvalid", "The time zone value is not valid.")
    static let campaignsNullOrEmpty = MicrosoftError(
        1113, "CampaignServiceCampaignsArrayShouldNotBeNullOrEmpty", "The array of campaigns is null or empty.")
    static let campaignsExceedLimit = MicrosoftError(
        1114, "CampaignServiceCampaignsArrayExceedsLimit", "The list of campaigns exceeds the limit.")
    static let duplicateCampaign = MicrosoftError(
        1115, "CampaignServiceCannotCreateDuplicateCampaign",
        "An attempt was made to create a duplicate of a campaign that already exists.")
    static let campaignIdsNullOrEmpty = MicrosoftError(
        1118, "CampaignServiceCampaignIdsArrayShouldNotBeNullOrEmpty", "The array of campaign identifiers is null or empty.")
    static let campaignIdsExceedLimit = MicrosoftError(
        1119, "CampaignServiceCampaignIdsArrayExceedsLimit", "The list of campaign identifiers exceeds the limit.")
    static let invalidCampaignStatus = MicrosoftError(
        1120, "CampaignServiceInvalidCampaignStatus", "The campaign status is not valid for the requested operation.")
    static let invalidBudgetType = MicrosoftError(
        1121, "CampaignServiceInvalidBudgetType", "The campaign budget type is missing or is not valid.")
    static let unsupportedBiddingScheme = MicrosoftError(4701, "UnsupportedBiddingScheme", "The bidding scheme is not supported.")
    static let inheritFromParentNotAllowed = MicrosoftError(
        4704, "InheritFromParentBiddingSchemeNotAllowedForCampaign",
        "InheritFromParentBiddingScheme is not allowed to set to campaign and can only be applied in ad group and keyword entities.")
    static let maxCpcNotPositive = MicrosoftError(4708, "MaxCpcLessThanOrEqualToZero", "MaxCpc Less Than Or Equal To Zero.")

    // Ad groups.
    static let nullAdGroup = MicrosoftError(1200, "CampaignServiceNullAdGroup", "The ad group is null or empty.")
    static let invalidAdGroupId = MicrosoftError(1201, "CampaignServiceInvalidAdGroupId", "The ad group ID is not valid.")
    static let invalidAdGroupName = MicrosoftError(1202, "CampaignServiceInvalidAdGroupName", "The ad group name is not valid.")
    static let duplicateInAdGroupIds = MicrosoftError(
        1203, "CampaignServiceDuplicateInAdGroupIds", "Duplicate identifiers are contained in the array of ad groups.")
    static let adGroupEndBeforeStart = MicrosoftError(
        1204, "CampaignServiceAdGroupEndDateShouldBeAfterStartDate", "The ad group end date must be later than the ad group start date.")
    static let adGroupsNullOrEmpty = MicrosoftError(
        1209, "CampaignServiceAdGroupsArrayShouldNotBeNullOrEmpty", "The array of ad groups cannot be null or empty.")
    static let adGroupsExceedLimit = MicrosoftError(
        1210, "CampaignServiceAdGroupsArrayExceedsLimit", "The number of ad groups exceeds the limit.")
    static let adGroupStartInPast = MicrosoftError(
        1212, "CampaignServiceAdGroupStartDateLessThanCurrentDate", "The ad group start date must not be prior to today's date.")
    static let duplicateAdGroup = MicrosoftError(
        1214, "CampaignServiceCannotCreateDuplicateAdGroup",
        "An attempt was made to create a duplicate of an ad group that already exists.")
    static let adGroupIdsNullOrEmpty = MicrosoftError(
        1218, "CampaignServiceAdGroupIdsArrayShouldNotBeNullOrEmpty", "The array of ad group identifiers cannot be null or empty.")
    static let adGroupIdsExceedLimit = MicrosoftError(
        1219, "CampaignServiceAdGroupIdsArrayExceedsLimit", "The number of ad group identifiers exceeds the limit.")
    static let adGroupInvalidStartDate = MicrosoftError(
        1232, "CampaignServiceAdGroupInvalidStartDate", "The start date specified in the ad group is not valid.")
    static let adGroupInvalidEndDate = MicrosoftError(
        1233, "CampaignServiceAdGroupInvalidEndDate", "The end date specified in the ad group is not valid.")
    static let invalidAdGroupStatus = MicrosoftError(
        1217, "CampaignServiceCannotOperateOnAdGroupInCurrentState",
        "The requested operation cannot be performed on an ad group in its current state.")

    // Ads.
    static let nullAd = MicrosoftError(1300, "CampaignServiceNullAd", "The ad object is null.")
    static let adIdIsNull = MicrosoftError(1303, "CampaignServiceAdIdIsNull", "The ad identifier must be set.")
    static let adIdIsNonNull = MicrosoftError(1304, "CampaignServiceAdIdIsNonNull", "The ad identifier must not be set.")
    static let invalidAdId = MicrosoftError(1308, "CampaignServiceInvalidAdId", "The ad identifier is not valid.")
    static let duplicateInAdIds = MicrosoftError(
        1309, "CampaignServiceDuplicateInAdIds", "The array of ad identifiers contains one or more duplicates.")
    static let adsNullOrEmpty = MicrosoftError(1310, "CampaignServiceAdsArrayShouldNotBeNullOrEmpty", "The array of ads cannot be null or empty.")
    static let adsExceedLimit = MicrosoftError(1311, "CampaignServiceAdsArrayExceedsLimit", "The number of ads exceeds the limit.")
    static let adIdsExceedLimit = MicrosoftError(
        1352, "CampaignServiceAdIdsArrayExceedsLimit", "The array of ad identifiers exceeds the limit.")
    static let adInInvalidStatus = MicrosoftError(
        1395, "CampaignServiceAdInInvalidStatus", "The ad status is not valid for the requested operation.")
    static let adTypeInvalid = MicrosoftError(2805, "CampaignServiceAdTypeInvalid", "Creating or updating ads of this type is not allowed.")
    static let adTypeDoesNotMatch = MicrosoftError(
        1386, "CampaignServiceAdTypeDoesNotMatchExistingValue", "The ad object type does not match the existing ad type.")
    static let headlinesNullOrEmpty = MicrosoftError(
        6200, "CampaignServiceResponsiveSearchAdHeadlinesNullOrEmpty", "The headlines cannot be null or empty.")
    static let descriptionsNullOrEmpty = MicrosoftError(
        6201, "CampaignServiceResponsiveSearchAdDescriptionsNullOrEmpty", "The descriptions cannot be null or empty.")
    static let duplicateHeadlines = MicrosoftError(
        6202, "CampaignServiceResponsiveSearchAdDuplicateHeadlines", "Duplicate headlines are not allowed.")
    static let duplicateDescriptions = MicrosoftError(
        6203, "CampaignServiceResponsiveSearchAdDuplicateDescriptions", "Duplicate descriptions are not allowed.")
    static let invalidHeadline = MicrosoftError(6206, "CampaignServiceResponsiveSearchAdInvalidHeadline", "Headline is not valid.")
    static let invalidDescription = MicrosoftError(
        6207, "CampaignServiceResponsiveSearchAdInvalidDescription", "Description is not valid.")
    static let headlineTooLong = MicrosoftError(6208, "CampaignServiceResponsiveSearchAdHeadlineTooLong", "Headline is too long.")
    static let descriptionTooLong = MicrosoftError(
        6209, "CampaignServiceResponsiveSearchAdDescriptionTooLong", "Description is too long.")
    static let tooManyHeadlines = MicrosoftError(
        6210, "CampaignServiceResponsiveSearchAdHeadlinesMaxCountExceeded", "The number of headlines is more than maximum allowed.")
    static let tooManyDescriptions = MicrosoftError(
        6211, "CampaignServiceResponsiveSearchAdDescriptionsMaxCountExceeded",
        "The number of descriptions is more than maximum allowed.")
    static let tooFewHeadlines = MicrosoftError(
        6212, "CampaignServiceResponsiveSearchAdHeadlinesLessThanMinRequired", "The number of headlines is less than minimum allowed.")
    static let tooFewDescriptions = MicrosoftError(
        6213, "CampaignServiceResponsiveSearchAdDescriptionsLessThanMinRequired",
        "The number of descriptions is less than minimum allowed.")
    static let assetTypeInvalid = MicrosoftError(
        6215, "CampaignServiceResponsiveSearchAdAssetTypeInvalidForField", "The provided asset type is not valid for this field.")
    static let path1TooLong = MicrosoftError(6217, "CampaignServiceResponsiveSearchAdPath1TooLong", "Path 1 is over the character limit.")
    static let path2TooLong = MicrosoftError(6218, "CampaignServiceResponsiveSearchAdPath2TooLong", "Path 2 is over the character limit.")
    static let path2WithoutPath1 = MicrosoftError(
        6221, "CampaignServiceResponsiveSearchAdPath2SetWithoutPath1", "Path2 is set without path1.")
    static let finalUrlsInvalid = MicrosoftError(4207, "CampaignServiceInvalidFinalUrlsText", "The text format of Final Url is invalid.")
    static let finalUrlsExceeded = MicrosoftError(831, "FinalUrlsExceeded", "The FinalUrls list exceeds the size limit.")

    // Keywords.
    static let nullKeyword = MicrosoftError(1500, "CampaignServiceNullKeyword", "The keyword is null or empty.")
    static let invalidKeywordId = MicrosoftError(1501, "CampaignServiceInvalidKeywordId", "The keyword identifier is not valid.")
    static let duplicateInKeywordIds = MicrosoftError(
        1502, "CampaignServiceDuplicateInKeywordIds", "The array of keyword identifiers contains one or more duplicates.")
    static let invalidKeywordText = MicrosoftError(1503, "CampaignServiceInvalidKeywordText", "The keyword text is not valid.")
    static let cannotChangeKeywordText = MicrosoftError(
        1504, "CampaignServiceCannotChangeTextOnUpdate", "The keyword text cannot be updated.")
    static let keywordsNullOrEmpty = MicrosoftError(
        1505, "CampaignServiceKeywordsArrayShouldNotBeNullOrEmpty", "The array of keywords cannot be null or empty.")
    static let keywordsExceedLimit = MicrosoftError(
        1506, "CampaignServiceKeywordsArrayExceedsLimit", "The number of keywords exceeds the maximum limit.")
    static let bidBelowFloor = MicrosoftError(
        1515, "CampaignServiceBidAmountsLessThanFloorPrice",
        "The bid amount of a keyword, ad group, or product group is less than the minimum bid.")
    static let bidAboveCeiling = MicrosoftError(
        1516, "CampaignServiceBidAmountsGreaterThanCeilingPrice", "One or more of the bid values exceeds the maximum bid.")
    static let keywordIdsNullOrEmpty = MicrosoftError(
        1529, "CampaignServiceKeywordIdsArrayShouldNotBeNullOrEmpty", "The array of keyword identifiers cannot be empty or null.")
    static let keywordIdsExceedLimit = MicrosoftError(
        1530, "CampaignServiceKeywordIdsArrayExceedsLimit", "The number of keyword identifiers exceeds the maximum limit.")
    static let invalidKeywordStatus = MicrosoftError(
        1531, "CampaignServiceInvalidKeywordStatus", "The keyword status is not valid for the requested operation.")
    static let keywordMatchTypeCombinationExists = MicrosoftError(
        1542, "CampaignServiceKeywordAndMatchTypeCombinationAlreadyExists", "A keyword with the specified match type already exists.")
    static let keywordMatchTypeChange = MicrosoftError(
        1545, "CampaignServiceKeywordMatchTypeChangeNotAllowedInUpdate",
        "You may not change the match type of a keyword when you update the Keyword object.")
    static let matchTypeRequired = MicrosoftError(632, "MatchTypeInvalid", "The matchtype is invalid.")

    // Campaign criterions.
    static let criterionsNullOrEmpty = MicrosoftError(
        4501, "CampaignCriterionsNullOrEmpty", "The list of campaign criterion cannot be null or empty.")
    static let criterionsExceedLimit = MicrosoftError(
        4502, "CampaignCriterionsLimitExceeded", "The list of campaign criterion is too long.")
    static let criterionTypeInvalid = MicrosoftError(4503, "CampaignCriterionTypeInvalid", "The campaign criterion's type is not valid.")
    static let criterionIsNull = MicrosoftError(4504, "CampaignCriterionIsNull", "The campaign criterion cannot be null.")
    static let criterionIdShouldBeNull = MicrosoftError(
        4505, "CampaignCriterionIdShouldBeNullOnAdd", "The campaign criterion's ID is read-only and must be null.")
    static let duplicateCriterionId = MicrosoftError(
        4506, "DuplicateCampaignCriterionId", "The list of campaign criterion IDs cannot contain duplicates.")
    static let criterionIdInvalid = MicrosoftError(4507, "CampaignCriterionIdInvalid", "The campaign criterion ID is not valid.")
    static let criterionCriterionNull = MicrosoftError(
        4510, "CampaignCriterionCriterionIsNullOrEmpty", "The Criterion of campaign criterion cannot be null or empty.")
    static let criterionIdsNullOrEmpty = MicrosoftError(
        4513, "CampaignCriterionIdArrayNullOrEmpty", "The list of campaign criterion IDs cannot be null or empty.")
    static let criterionIdsExceedLimit = MicrosoftError(
        4514, "CampaignCriterionIdsLimitExceeded", "The list of campaign criterion IDs is too long.")
    static let criterionStatusInvalid = MicrosoftError(4520, "CampaignCriterionStatusInvalid", "The campaign criterion's status is not valid.")
    static let duplicateCriterion = MicrosoftError(4521, "DuplicateCampaignCriterion", "Duplicate campaign criterions are not allowed.")
    static let criterionTypeMismatch = MicrosoftError(
        4142, "CampaignServiceCriterionTypeMismatch", "The criterion type specified does not match the criterion object passed.")
    static let criterionTypeNotAllowed = MicrosoftError(
        4141, "CampaignServiceCriterionTypeNotAllowed", "The criterion object passed is not allowed for the operation.")
    static let invalidLocationId = MicrosoftError(1464, "CampaignServiceInvalidLocationId", "The location identifier is not valid.")
    static let invalidLatitude = MicrosoftError(1458, "CampaignServiceInvalidLatitude", "The latitude of the radius target bid is not valid.")
    static let invalidLongitude = MicrosoftError(
        1459, "CampaignServiceInvalidLongitude", "The longitude of the radius target bid is not valid.")
    static let radiusUnitInvalid = MicrosoftError(
        2943, "CampaignServiceRadiusUnitInvalid", "You must set either Miles or Kilometers as the radius unit of a radius target bid.")
    static let invalidRadius = MicrosoftError(1429, "CampaignServiceInvalidTarget", "The target is not valid.")
    static let dayTimeInvalid = MicrosoftError(2944, "CampaignServiceDayTimeTargetInvalid", "The DayTimeTarget is not Valid.")
    static let dayTimeIntervalInvalid = MicrosoftError(
        2946, "CampaignServiceDayTimeTargetBidIntervalInvalid", "The From or To interval of the DayTimeTargetBid is not valid.")
    static let dayTimeOverlap = MicrosoftError(
        2951, "CampaignServiceDayTimeTargetBidsIntervalOverlap", "The DayTime Target intervals overlap.")
    static let invalidBidMultiplier = MicrosoftError(5803, "InvalidBidMultiplier", "The bid multiplier is invalid.")

    // Negative keywords.
    static let negativeKeywordsLimitExceeded = MicrosoftError(
        1032, "CampaignServiceNegativeKeywordsLimitExceeded", "The number of negative keywords has exceeded the limit.")
    static let negativeKeywordsNotPassed = MicrosoftError(
        1034, "CampaignServiceNegativeKeywordsNotPassed", "The array of negative keywords is null or empty.")
    static let entityIdsExceedLimit = MicrosoftError(
        513, "CampaignServiceEntityIdsArrayExceedsLimit", "The number of entity IDs exceeds the maximum allowed.")
    static let entityTypeNotSupported = MicrosoftError(
        212, "CampaignServiceEntityTypeNotSupported", "The operation does not support the specified entity type.")
    static let invalidNegativeKeywordId = MicrosoftError(4330, "CampaignServiceInvalidNegativeKeywordId", "Negative keyword Id is invalid")
    static let negativeKeywordTextRequired = MicrosoftError(
        4333, "CampaignServiceNegativeKeywordTextRequired", "Negative Keyword text is required")
    static let negativeKeywordDuplicateInCall = MicrosoftError(
        4338, "CampaignServiceNegativeKeywordDuplicateFound", "Duplicate Negative Keywords in this call.")
    static let negativeKeywordInvalidMatchType = MicrosoftError(
        4340, "CampaignServiceNegativeKeywordInvalidMatchType", "The match type for this keyword was invalid.")
    static let negativeKeywordEntitiesNotPassed = MicrosoftError(
        4342, "CampaignServiceNegativeKeywordEntitiesNotPassed", "Negative Keywords entities are required for this call")
    static let negativeKeywordEntityNull = MicrosoftError(
        4343, "CampaignServiceNegativeKeywordEntityNull", "Negative Keyword cannot be null")
    static let negativeKeywordEntityTypesMismatch = MicrosoftError(
        4344, "CampaignServiceNegativeKeywordEntityTypesMismatch", "Negative Keyword types cannot be mixed in one call.")
    static let duplicateNegativeKeyword = MicrosoftError(
        4345, "CampaignServiceDuplicateNegativeKeyword", "Duplicate negative keywords are not allowed.")

    // Geographical locations file.
    static let invalidGeoLocationsFileVersion = MicrosoftError(
        2958, "InvalidGeolocationsFileVersion", "The geographical locations file version is invalid.")
    static let invalidLanguageLocale = MicrosoftError(
        2959, "InvalidLanguageLocale", "The geographical locations file language locale is invalid.")

    // Reporting.
    static let nullReportRequest = MicrosoftError(2001, "ReportingServiceNullReportRequest", "The report request is null.")
    static let unknownReportType = MicrosoftError(2002, "ReportingServiceUnknownReportType", "The report request type is not valid.")
    static let reportAccountNotAuthorized = MicrosoftError(
        2003, "ReportingServiceAccountNotAuthorized",
        "The specified report request contains at least one account that you do not have privileges to access.")
    static let invalidReportAggregation = MicrosoftError(
        2007, "ReportingServiceInvalidReportAggregation", "The report aggregation is not valid for the specified report time period.")
    static let invalidReportTimeSelection = MicrosoftError(
        2008, "ReportingServiceInvalidReportTimeSelection",
        "The report time is null or contains more than one predefined time, custom date, or custom date range start and end.")
    static let invalidCustomDateRangeStart = MicrosoftError(
        2009, "ReportingServiceInvalidCustomDateRangeStart", "The report time contains a custom date range start value that is not valid.")
    static let invalidCustomDateRangeEnd = MicrosoftError(
        2010, "ReportingServiceInvalidCustomDateRangeEnd", "The report time contains a custom date range end value that is not valid.")
    static let endDateBeforeStartDate = MicrosoftError(
        2011, "ReportingServiceEndDateBeforeStartDate",
        "The report time contains a custom date range that is not valid; the end date cannot be earlier than the start date.")
    static let nullColumns = MicrosoftError(
        2014, "ReportingServiceNullColumns", "The list of columns to include in the report cannot be null or empty.")
    static let duplicateColumns = MicrosoftError(
        2016, "ReportingServiceDuplicateColumns", "The list of columns to include in the report contains duplicate.")
    static let noMeasureSelected = MicrosoftError(
        2017, "ReportingServiceNoMeasureSelected", "The report request does not specify at least one measurement column.")
    static let invalidAccountReportScope = MicrosoftError(
        2026, "ReportingServiceInvalidAccountReportScope", "The account report scope does not contain account identifiers.")
    static let timePeriodColumnForSummary = MicrosoftError(
        2034, "ReportingServiceInvalidTimePeriodColumnForSummaryReport",
        "The TimePeriod column cannot be specified in a report request that has a summary aggregation.")
    static let invalidAccountIds = MicrosoftError(
        2035, "ReportingServiceInvalidAccountIds", "The report request contains at least one account identifier that is not valid.")
    static let futureStartDate = MicrosoftError(
        2041, "ReportingServiceInvalidFutureStartDate", "The specified report time start date is in the future.")
    static let invalidReportId = MicrosoftError(2100, "ReportingServiceInvalidReportId", "The report identifier is not valid.")
}
