import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/** Cell padding shared by the dashboard's tables. */
export const tableCell = "px-5 py-3 align-middle";

/** Header cell style shared by the dashboard's tables (zinc-400: 12 px text needs the contrast). */
export const tableHeadCell = "px-5 py-3 text-xs font-medium tracking-wide text-zinc-400 uppercase";

export type Column = { label: ReactNode; align?: "right" };

/**
 * The box a wide table scrolls in, so the table scrolls sideways inside its card and never
 * the page. Two things make that hold on a phone:
 * - `contain: inline-size`: the table's min-width no longer counts as the box's own minimum
 *   width, so grid and flex parents (which default to `min-width: auto`) do not grow to it;
 * - `relative`: absolutely positioned descendants (the `sr-only` text in cells and buttons)
 *   are laid out and clipped inside the box instead of stretching the document.
 * It is a labelled, focusable region so keyboard users can scroll it (axe: scrollable-region-focusable).
 */
export function TableScroll({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      className={cn(
        "relative max-w-full overflow-x-auto [contain:inline-size] focus-visible:outline-offset-[-2px]",
        className,
      )}
    >
      {children}
    </div>
  );
}

/**
 * The frame every dashboard table shares: sideways scrolling inside its box on narrow screens
 * (TableScroll), a screen-reader caption and the column header row. Rows go in as `<tr>`
 * children of tbody. `minWidth` is a Tailwind class such as "min-w-[640px]" (kept literal for
 * the compiler).
 */
export function DataTable({ caption, columns, minWidth, testId, children }: {
  caption: string; columns: Column[]; minWidth: string; testId?: string; children: ReactNode;
}) {
  return (
    <TableScroll label={caption}>
      <table className={`w-full ${minWidth} text-sm`} data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-line bg-white/[0.02]">
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={`${tableHeadCell} ${c.align === "right" ? "text-right" : "text-left"}`}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        {children}
      </table>
    </TableScroll>
  );
}

/** A header cell that only screen readers see (e.g. over a column of buttons). */
export const srOnly = (text: string) => <span className="sr-only">{text}</span>;
