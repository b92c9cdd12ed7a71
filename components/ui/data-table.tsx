import type { ReactNode } from "react";

/** Cell padding shared by the dashboard's tables. */
export const tableCell = "px-5 py-3 align-middle";

export type Column = { label: ReactNode; align?: "right" };

/**
 * The frame every dashboard table shares: sideways scrolling on narrow screens, a
 * screen-reader caption and the column header row. Rows go in as `<tr>` children of tbody.
 * `minWidth` is a Tailwind class such as "min-w-[640px]" (kept literal for the compiler).
 */
export function DataTable({ caption, columns, minWidth, testId, children }: {
  caption: string; columns: Column[]; minWidth: string; testId?: string; children: ReactNode;
}) {
  return (
    <div className="overflow-x-auto">
      <table className={`w-full ${minWidth} text-sm`} data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-line bg-white/[0.02]">
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col"
                className={`px-5 py-3 text-xs font-medium tracking-wide text-zinc-500 uppercase ${c.align === "right" ? "text-right" : "text-left"}`}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        {children}
      </table>
    </div>
  );
}

/** A header cell that only screen readers see (e.g. over a column of buttons). */
export const srOnly = (text: string) => <span className="sr-only">{text}</span>;
