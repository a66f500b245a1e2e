import { deflateSync } from "node:zlib";

/** A small hand-written IFC file: STEP header, owner history, and the project entity. */
export function ifcFile(options: { projectName?: string; schema?: string; application?: string; padding?: number } = {}): string {
  const pad = options.padding ? `#9=IFCCARTESIANPOINTLIST3D((${Array.from({ length: options.padding }, (_, i) => `(${i}.,0.,0.)`).join(",")}));\n` : "";
  return [
    "ISO-10303-21;",
    "HEADER;",
    "/* exported for a test; the comment holds a ; and a ' */",
    "FILE_DESCRIPTION(('ViewDefinition [CoordinationView]'),'2;1');",
    `FILE_NAME('tower.ifc','2024-05-01T10:00:00',('Ada'),('Example GmbH'),'IfcKit 1.0','${options.application ?? "Example Modeller 2024"}','');`,
    `FILE_SCHEMA(('${options.schema ?? "IFC4"}'));`,
    "ENDSEC;",
    "DATA;",
    "#1=IFCPERSON($,'Lovelace','Ada',$,$,$,$,$);",
    pad.trimEnd(),
    `#10=IFCPROJECT('0YvctVUKr0kugbFTf53O9L',$,'${options.projectName ?? "Tower 7; Phase 2"}',$,$,$,$,(#20),#30);`,
    "#20=IFCGEOMETRICREPRESENTATIONCONTEXT($,'Model',3,1.E-05,#40,$);",
    "ENDSEC;",
    "END-ISO-10303-21;",
    "",
  ]
    .filter((line) => line !== "")
    .join("\n");
}

/** A minimal classic PDF (objects in the clear) with `pages` pages. */
export function classicPdf(pages: number): Buffer {
  const kids = Array.from({ length: pages }, (_, i) => `${i + 3} 0 R`).join(" ");
  const objects = [
    "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
    `2 0 obj\n<< /Type /Pages /Kids [${kids}] /Count ${pages} >>\nendobj\n`,
    ...Array.from({ length: pages }, (_, i) => `${i + 3} 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n`),
  ];
  return Buffer.from(`%PDF-1.4\n%\xe2\xe3\xcf\xd3\n${objects.join("")}trailer\n<< /Root 1 0 R >>\n%%EOF\n`, "latin1");
}

/** A PDF 1.5 whose page tree lives in a compressed object stream, as most modern writers produce. */
export function objectStreamPdf(pages: number): Buffer {
  const inner = [
    `<< /Type /Pages /Kids [${Array.from({ length: pages }, (_, i) => `${i + 10} 0 R`).join(" ")}] /Count ${pages} >>`,
    ...Array.from({ length: pages }, () => "<< /Type /Page /Parent 2 0 R >>"),
  ].join("\n");
  const stream = deflateSync(Buffer.from(inner, "latin1"));
  const head = Buffer.from(
    `%PDF-1.5\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n5 0 obj\n<< /Type /ObjStm /N ${pages + 1} /First 0 /Filter /FlateDecode /Length ${stream.length} >>\nstream\n`,
    "latin1",
  );
  return Buffer.concat([head, stream, Buffer.from("\nendstream\nendobj\n%%EOF\n", "latin1")]);
}

/** Splits content into chunks of `size` bytes, as a slow stream would deliver it. */
export function chunks(content: Buffer | string, size: number): Buffer[] {
  const bytes = typeof content === "string" ? Buffer.from(content, "latin1") : content;
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}
