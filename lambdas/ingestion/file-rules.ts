import type { ObjectHead } from "../shared/object-store";

/** CAD, BIM and office formats the platform processes; anything else is recorded as rejected. */
export const ALLOWED_EXTENSIONS: ReadonlySet<string> = new Set([
  // CAD
  "dwg", "dxf", "dgn", "dwf", "dwfx", "step", "stp", "iges", "igs", "sat", "3dm", "skp",
  // BIM
  "ifc", "ifczip", "ifcxml", "rvt", "rfa", "rte", "nwd", "nwc", "nwf", "bcf", "bcfzip",
  // Documents and drawings exchanged with them
  "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "csv", "txt", "rtf",
  "png", "jpg", "jpeg", "tif", "tiff",
]);

/** Why a file is rejected, or null when it is accepted. */
export function rejectionReason(extension: string, head: ObjectHead, maxFileBytes: number): string | null {
  if (extension === "") return "file name has no extension";
  if (!ALLOWED_EXTENSIONS.has(extension)) return `extension .${extension} is not allowed`;
  if (head.sizeBytes <= 0) return "file is empty";
  if (head.sizeBytes > maxFileBytes) return `file is ${head.sizeBytes} bytes, more than the ${maxFileBytes} allowed`;
  return null;
}
