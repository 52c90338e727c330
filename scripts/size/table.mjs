// Plain-text tables for the size reports.

/** Bytes as kB (1 kB = 1000 bytes: the stricter reading of a "KB" budget). */
export const kb = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;

/** A measured row's verdict against its budget. */
export function verdict(row) {
  if (row.error) return "ERROR";
  if (row.budget === undefined) return "";
  return row.gz <= row.budget ? "ok" : "OVER";
}

/** Renders rows as aligned lines; `columns` are [header, (row) => cell, align]. */
export function table(columns, rows) {
  const cells = [columns.map(([header]) => header), ...rows.map((row) => columns.map(([, cell]) => String(cell(row))))];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => line[i].length)));
  const render = (line) =>
    line.map((cell, i) => (columns[i][2] === "right" ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join("  ").trimEnd();
  const [head, ...body] = cells.map(render);
  return [head, "-".repeat(Math.max(...cells.map((line) => render(line).length))), ...body];
}

const size = (pick) => (row) => (row.error ? "-" : kb(pick(row)));

/** name | min | min+gz | budget | ok/OVER | target */
export const budgetColumns = [
  ["name", (row) => row.name],
  ["min", size((row) => row.min), "right"],
  ["min+gz", size((row) => row.gz), "right"],
  ["budget", (row) => (row.budget === undefined ? "" : kb(row.budget)), "right"],
  ["", verdict],
  ["target", (row) => (row.target === undefined ? "" : `${kb(row.target)}${!row.error && row.gz > row.target ? " (not met)" : ""}`), "right"],
];

/** name | min | min+gz */
export const sizeColumns = budgetColumns.slice(0, 3);

/** Rows that miss their target (reported, not failing). */
export const targetMisses = (rows) => rows.filter((row) => !row.error && row.target !== undefined && row.gz > row.target);

/** Two tables next to each other. */
export function sideBySide(left, right, gap = "   |   ") {
  const width = Math.max(...left.map((line) => line.length));
  const height = Math.max(left.length, right.length);
  return Array.from({ length: height }, (_, i) => `${(left[i] ?? "").padEnd(width)}${gap}${right[i] ?? ""}`.trimEnd());
}

/** The build errors of failed rows, one line each. */
export const errorLines = (rows) => rows.filter((row) => row.error).map((row) => `ERROR ${row.name}: ${row.error}`);
