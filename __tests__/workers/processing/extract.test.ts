import { extractorFor } from "../../../workers/processing/extract";
import { IfcExtractor } from "../../../workers/processing/extract/ifc";
import { PdfExtractor } from "../../../workers/processing/extract/pdf";
import { decodeStepString, parseStepList } from "../../../workers/processing/extract/step-values";
import { chunks, classicPdf, ifcFile, objectStreamPdf } from "./fixtures";

function run(extension: string, content: Buffer | string, chunkSize = 65536) {
  const extractor = extractorFor(extension);
  let fed = 0;
  for (const chunk of chunks(content, chunkSize)) {
    fed += chunk.length;
    if (!extractor.push(chunk)) break;
  }
  return { ...extractor.finish(), fed };
}

describe("IFC header extraction", () => {
  it.each([1, 7, 65536])("reads schema, application and project name in %i-byte chunks", (size) => {
    const result = run("ifc", ifcFile(), size);
    expect(result.kind).toBe("ifc");
    expect(result.metadata).toEqual({
      schema: "IFC4",
      application: "Example Modeller 2024",
      preprocessor: "IfcKit 1.0",
      headerFileName: "tower.ifc",
      projectName: "Tower 7; Phase 2",
    });
  });

  it("stops reading once the project entity is found", () => {
    const content = `${ifcFile()}\n${"#99=IFCWALL('x',$,$,$,$,$,$,$,$);\n".repeat(5000)}`;
    const result = run("ifc", content, 1024);
    expect(result.fed).toBeLessThan(2048);
  });

  it("skips statements longer than its limit instead of buffering them", () => {
    const extractor = new IfcExtractor({ maxScanBytes: 64 * 1024 * 1024, maxStatementChars: 1024 });
    for (const chunk of chunks(ifcFile({ padding: 2000 }), 4096)) extractor.push(chunk);
    expect(extractor.finish().metadata).toMatchObject({ projectName: "Tower 7; Phase 2", schema: "IFC4" });
  });

  it("gives up on the project after maxScanBytes and says so", () => {
    const extractor = new IfcExtractor({ maxScanBytes: 4096, maxStatementChars: 1024 });
    let pushes = 0;
    for (const chunk of chunks(ifcFile({ padding: 2000 }), 1024)) {
      pushes++;
      if (!extractor.push(chunk)) break;
    }
    expect(pushes).toBe(4);
    expect(extractor.finish().metadata).toMatchObject({ schema: "IFC4", projectName: null, projectFound: false });
  });

  it("decodes STEP string escapes and UTF-8 written raw", () => {
    expect(decodeStepString("Geb\\X2\\00E4\\X0\\ude")).toBe("Gebäude");
    expect(decodeStepString("\\X\\E4")).toBe("ä");
    expect(decodeStepString(Buffer.from("Übersicht", "utf8").toString("latin1"))).toBe("Übersicht");
    expect(parseStepList("('it''s',$,(1,2.5),#12,.T.,IFCLABEL('x'))")).toEqual(["it's", null, [1, 2.5], { ref: 12 }, { enum: "T" }, { typed: "IFCLABEL", value: "x" }]);
  });

  it("reports a file that is not STEP at all", () => {
    expect(run("ifc", "just text; nothing else;").metadata).toMatchObject({ schema: null, projectName: null, problems: ["not an ISO-10303-21 (STEP) file"] });
  });
});

describe("PDF page count", () => {
  it.each([1, 3, 4096])("counts a classic PDF's pages in %i-byte chunks", (size) => {
    expect(run("pdf", classicPdf(3), size).metadata).toEqual({ pdfVersion: "1.4", pageCount: 3 });
  });

  it("reads the page tree from a compressed object stream", () => {
    expect(run("pdf", objectStreamPdf(12), 5).metadata).toEqual({ pdfVersion: "1.5", pageCount: 12 });
  });

  it("keeps memory bounded: text behind the scan position is dropped", () => {
    const extractor = new PdfExtractor();
    const filler = Buffer.alloc(1024 * 1024, 0x20);
    extractor.push(classicPdf(2));
    for (let i = 0; i < 8; i++) extractor.push(filler);
    expect((extractor as unknown as { text: string }).text.length).toBeLessThan(1024 * 1024 + 3 * 4096);
    expect(extractor.finish().metadata).toMatchObject({ pageCount: 2 });
  });

  it("reports a file without a PDF header", () => {
    expect(run("pdf", "hello").metadata).toEqual({ pdfVersion: null, pageCount: null, problems: ["no %PDF- header"] });
  });
});

describe("other types", () => {
  it("are recorded as unknown without being read", () => {
    expect(run("dwg", "AC1032 binary")).toEqual({ kind: "unknown", metadata: {}, fed: 13 });
  });
});
