// DOT → SVG with Graphviz compiled to WebAssembly, SVG → PNG with resvg. Graphviz measures text with its built-in
// Helvetica metrics; resvg draws it with the machine's fonts (a sans-serif family, DejaVu Sans on Debian), so the
// boxes get a margin wide enough for a slightly wider face.
import { Graphviz } from "@hpcc-js/wasm-graphviz";
import { Resvg } from "@resvg/resvg-js";

let graphviz: Promise<Graphviz> | undefined;

export async function layoutSvg(dot: string): Promise<string> {
  graphviz ??= Graphviz.load();
  return (await graphviz).dot(dot, "svg");
}

/** Releases the WebAssembly module (tests end with it, so no worker is left holding it). */
export function unloadGraphviz(): void {
  if (graphviz) Graphviz.unload();
  graphviz = undefined;
}

export function svgToPng(svg: string, widthPx = 2400): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: "width", value: widthPx },
    background: "#ffffff",
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
  });
  return resvg.render().asPng();
}

/** True when resvg finds a font to draw text with: without one it renders text as nothing, silently. */
export function canDrawText(): boolean {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20"><text x="2" y="15" font-family="Helvetica,sans-Serif" font-size="14">Ag</text></svg>`;
  const pixels = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" } }).render().pixels;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
  return false;
}
