import Testing
@testable import Emulator

@Suite struct MultipartTests {
    @Test func boundaryFromContentType() throws {
        #expect(try Multipart.boundary(contentType: "multipart/form-data; boundary=abc123") == "abc123")
        #expect(try Multipart.boundary(contentType: "Multipart/Form-Data;charset=utf-8; BOUNDARY=\"a b:c=d\"") == "a b:c=d")
        #expect(throws: MultipartError.notMultipart) { try Multipart.boundary(contentType: "application/json") }
        #expect(throws: MultipartError.notMultipart) { try Multipart.boundary(contentType: nil) }
        #expect(throws: MultipartError.missingBoundary) { try Multipart.boundary(contentType: "multipart/form-data") }
        #expect(throws: MultipartError.missingBoundary) { try Multipart.boundary(contentType: "multipart/form-data; boundary=\"\"") }
    }

    @Test func partsWithBinaryBodiesAndQuotedNames() throws {
        // The body holds CRLFs and a near-miss of the delimiter; only the real one ends it.
        let payload: [UInt8] = [0, 13, 10, 45, 45, 88, 13, 10, 255] + Array("\r\n--XY".utf8)
        var body = Array("--XYZ\r\nContent-Disposition: form-data; name=\"meta\"\r\n\r\nhello\r\n".utf8)
        body += Array("--XYZ  \r\nContent-Disposition: form-data; name=\"file\"; filename=\"my;build \\\"1\\\".zip\"\r\nContent-Type: application/zip\r\n\r\n".utf8)
        body += payload
        body += Array("\r\n--XYZ--\r\nepilogue".utf8)
        let parts = try Multipart.parse(body, boundary: "XYZ")
        #expect(parts.count == 2)
        #expect(parts[0] == MultipartPart(name: "meta", filename: nil, contentType: nil, body: Array("hello".utf8)))
        #expect(parts[1].name == "file")
        #expect(parts[1].filename == "my;build \"1\".zip")
        #expect(parts[1].contentType == "application/zip")
        #expect(parts[1].body == payload)
    }

    @Test func malformedBodiesAreRejected() {
        #expect(throws: MultipartError.self) { try Multipart.parse(Array("no boundary here".utf8), boundary: "XYZ") }
        #expect(throws: MultipartError.self) {
            try Multipart.parse(Array("--XYZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nunterminated".utf8), boundary: "XYZ")
        }
    }
}

@Suite struct FaultParseTests {
    @Test func validSpecsParse() throws {
        #expect(try Fault.parse("submit-503") == .submitStatus(503, times: nil))
        #expect(try Fault.parse("submit-400=2") == .submitStatus(400, times: 2))
        #expect(try Fault.parse("submit-nonjson") == .submitNonJSON(times: nil))
        #expect(try Fault.parse("submit-empty=1") == .submitEmpty(times: 1))
        #expect(try Fault.parse("status-5xx=2") == .statusServerError(times: 2))
        #expect(try Fault.parse("status-nonjson") == .statusNonJSON(times: nil))
        #expect(try Fault.parse("status-unknown") == .statusUnknown(times: 3))
        #expect(try Fault.parse("fail=validationfailure") == .fail(.validationFailure))
        #expect(try Fault.parse("FAIL=Subscription") == .fail(.subscription))
        #expect(try Fault.parse("download-422") == .download422)
        #expect(try Fault.parse("zip=bomb") == .zip(.bomb))
        #expect(try Fault.parse("callback=lost") == .callbackLost)
        #expect(try Fault.parse("callback=failed") == .callbackFailed)
    }

    @Test func invalidSpecsNameTheSpecAndListValidOnes() {
        for spec in ["submit-404", "status-5xx=0", "status-5xx=two", "fail=maybe", "zip=", "zip=evil", "callback=late", "download-422=3", "nonsense"] {
            #expect {
                _ = try Fault.parse(spec)
            } throws: { error in
                guard let error = error as? FaultParseError else { return false }
                return error.message.contains("'\(spec)'") && error.message.contains("zip=slip|absolute")
                    && error.message.contains("status-5xx[=N]") && error.kind == "usage"
            }
        }
    }
}
