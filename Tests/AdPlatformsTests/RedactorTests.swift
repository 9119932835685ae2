@testable import AdPlatforms
import Foundation
import Testing

@Suite struct RedactorTests {
    @Test(arguments: [
        ("Authorization: Bearer ya29.a0AfH6SMBx-abc_DEF.123", "Authorization: Bearer <redacted>"),
        ("authorization: bearer abcdefghijklmnopq", "authorization: bearer <redacted>"),
        ("Authorization: Basic dXNlcjpwYXNzd29yZA==", "Authorization: Basic <redacted>"),
        ("token ya29.a0AfH6SMBx-abc_DEF.123 expired", "token <redacted> expired"),
        ("refresh 1//0gAbC-dEf_GhI was revoked", "refresh <redacted> was revoked"),
        ("secret GOCSPX-AbC123_xyz in the log", "secret <redacted> in the log"),
        ("key AIzaSyA1234567890abcdefghijklmnopqrstu", "key <redacted>"),
        ("grant_type=refresh_token&client_id=abc.apps.googleusercontent.com&client_secret=s3cr3t&refresh_token=1%2F%2F0abc",
         "grant_type=refresh_token&client_id=abc.apps.googleusercontent.com&client_secret=<redacted>&refresh_token=<redacted>"),
        ("GET /v25/x?access_token=abc&key=def&pageToken=next&alt=json", "GET /v25/x?access_token=<redacted>&key=<redacted>&pageToken=next&alt=json"),
        (#"{"access_token": "abc", "expires_in": 3599, "refresh_token":"def", "token_type":"Bearer"}"#,
         #"{"access_token": "<redacted>", "expires_in": 3599, "refresh_token":"<redacted>", "token_type":"Bearer"}"#),
        (#"{"client_secret":"with \"quotes\" inside","developerToken":"xyz"}"#, #"{"client_secret":"<redacted>","developerToken":"<redacted>"}"#),
        ("developer-token: AbCdEf123 login-customer-id: 1234567890", "developer-token: <redacted> login-customer-id: 1234567890"),
    ])
    func masksSecrets(input: String, expected: String) {
        #expect(Redactor.redact(input) == expected)
    }

    @Test func redactingTwiceChangesNothing() {
        let text = "client_secret=s3cr3t&refresh_token=1//0abc Authorization: Bearer ya29.abc developer-token: xyz {\"access_token\":\"q\"}"
        let once = Redactor.redact(text)
        #expect(once == "client_secret=<redacted>&refresh_token=<redacted> Authorization: Bearer <redacted> developer-token: <redacted> {\"access_token\":\"<redacted>\"}")
        #expect(Redactor.redact(once) == once)
    }

    @Test func leavesOrdinaryTextAlone() {
        let text = "POST https://googleads.googleapis.com/v25/customers/1234567890/campaigns:mutate 200 in 84 ms; campaign 'Hillsborough deterrence' token budget OK; the bearer credentials for basic access"
        #expect(Redactor.redact(text) == text)
        #expect(Redactor.redact("http://127.0.0.1:8081//path") == "http://127.0.0.1:8081//path")
    }

    @Test func pathsLoseSecretQueryParameters() {
        let url = URL(string: "https://example.test/v25.0/act_1/insights?access_token=EAAB123&fields=impressions,clicks&key=AIzaXYZ&Token=t&after=c2Vj")!
        #expect(Redactor.safePathAndQuery(url) == "/v25.0/act_1/insights?fields=impressions,clicks&after=c2Vj")
        #expect(Redactor.safePathAndQuery(URL(string: "https://example.test/token?refresh_token=1//abc")!) == "/token")
        #expect(Redactor.safePathAndQuery(URL(string: "https://example.test")!) == "/")
    }

    @Test func headersLoseSecretsButKeepTheLoginCustomerId() {
        let safe = Redactor.safeHeaders([
            "Authorization": "Bearer ya29.x", "developer-token": "abc", "Login-Customer-Id": "1112223333",
            "Content-Type": "application/json", "Cookie": "SID=1",
        ])
        #expect(safe == ["Login-Customer-Id": "1112223333", "Content-Type": "application/json"])
    }

    @Test func secretsPrintAsRedacted() {
        let secret = Secret("1//" + "0-canary-REFRESH-do-not-log")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        var dumped = ""
        dump(Canary.credentials, to: &dumped)
        #expect(!dumped.contains("canary-"))
        #expect(!String(describing: Canary.credentials).contains("canary-"))
        #expect(!String(reflecting: Canary.credentials).contains("canary-"))
        #expect(secret.reveal() == "1//" + "0-canary-REFRESH-do-not-log")
    }
}
