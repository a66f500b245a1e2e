import { ALLOWED_EXTENSIONS, rejectionReason } from "../../../lambdas/ingestion/file-rules";
import { parseNotificationBody } from "../../../lambdas/ingestion/notification";
import { decodeEventKey, parseUploadKey } from "../../../lambdas/ingestion/upload-key";

const head = (sizeBytes: number) => ({ sizeBytes, contentType: undefined, etag: "e", versionId: undefined });

describe("S3 event keys", () => {
  it.each([
    ["uploads/p1/plan+A.dwg", "uploads/p1/plan A.dwg"],
    ["uploads/p1/a%2Bb.pdf", "uploads/p1/a+b.pdf"],
    ["uploads/p1/%C3%BCbersicht+%E5%9B%B3%E9%9D%A2.ifc", "uploads/p1/übersicht 図面.ifc"],
    ["uploads/p1/100%25.xlsx", "uploads/p1/100%.xlsx"],
  ])("decodes %s", (raw, expected) => {
    expect(decodeEventKey(raw)).toEqual({ ok: true, key: expected });
  });

  it("refuses broken percent-encoding and oversized keys before doing work on them", () => {
    expect(decodeEventKey("uploads/p1/%E0%A4%A.pdf")).toEqual({ ok: false, reason: "key is not valid URL encoding" });
    expect(decodeEventKey("a".repeat(3073))).toEqual({ ok: false, reason: "key longer than 1024 bytes" });
    expect(decodeEventKey(`uploads/p/${"%C3%BC".repeat(600)}`)).toEqual({ ok: false, reason: "key longer than 1024 bytes" });
    expect(decodeEventKey("")).toEqual({ ok: false, reason: "empty key" });
  });

  it("splits project and file name", () => {
    expect(parseUploadKey("uploads/tower-7/Level 3.RVT", "uploads/")).toEqual({
      ok: true,
      key: "uploads/tower-7/Level 3.RVT",
      projectId: "tower-7",
      fileName: "Level 3.RVT",
      extension: "rvt",
    });
  });

  it.each([
    ["uploads/p1/../../etc/passwd", "path traversal segment in key"],
    ["uploads/../p1/a.pdf", "path traversal segment in key"],
    ["uploads/p1/./a.pdf", "path traversal segment in key"],
    ["uploads/p1/sub/a.pdf", "key is not uploads/<projectId>/<fileName>"],
    ["uploads/a.pdf", "key is not uploads/<projectId>/<fileName>"],
    ["other/p1/a.pdf", "key is outside uploads/"],
    ["uploads/p 1/a.pdf", "project id has characters outside [A-Za-z0-9_-] or is too long"],
    ["uploads/p1'--/a.pdf", "project id has characters outside [A-Za-z0-9_-] or is too long"],
    ["uploads/p1/", "empty file name"],
    ["uploads/p1/a\u0000.pdf", "file name contains control characters or backslashes"],
    ["uploads/p1/..\\..\\win.ini", "file name contains control characters or backslashes"],
    [`uploads/p1/${"x".repeat(256)}.pdf`, "file name longer than 255 bytes"],
  ])("refuses %j", (key, reason) => {
    expect(parseUploadKey(key, "uploads/")).toEqual({ ok: false, reason });
  });
});

describe("file rules", () => {
  it("accepts CAD, BIM and document formats within the size limit", () => {
    for (const ext of ["dwg", "dxf", "ifc", "rvt", "nwd", "pdf", "docx", "xlsx"]) expect(ALLOWED_EXTENSIONS.has(ext)).toBe(true);
    expect(rejectionReason("dwg", head(10), 100)).toBeNull();
  });

  it("gives a reason for each rejection", () => {
    expect(rejectionReason("exe", head(10), 100)).toBe("extension .exe is not allowed");
    expect(rejectionReason("", head(10), 100)).toBe("file name has no extension");
    expect(rejectionReason("pdf", head(0), 100)).toBe("file is empty");
    expect(rejectionReason("pdf", head(101), 100)).toBe("file is 101 bytes, more than the 100 allowed");
  });
});

describe("notification bodies", () => {
  it("never throws on hostile bodies", () => {
    expect(parseNotificationBody("{not json")).toEqual({ kind: "invalid", reason: "body is not JSON" });
    expect(parseNotificationBody("null")).toEqual({ kind: "invalid", reason: "body is not a JSON object" });
    expect(parseNotificationBody('{"Records": 5}')).toEqual({ kind: "invalid", reason: "body has no Records array" });
    expect(parseNotificationBody('{"Service":"Amazon S3","Event":"s3:TestEvent"}')).toEqual({ kind: "test-event" });
    const parsed = parseNotificationBody('{"Records":[{"eventSource":"aws:s3","s3":{"bucket":{}}}, 7, {"__proto__":{"x":1}}]}');
    expect(parsed.kind).toBe("records");
    if (parsed.kind === "records") expect(parsed.records.every((r) => !r.ok)).toBe(true);
  });
});
