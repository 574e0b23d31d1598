import { cpus, loadavg } from 'node:os';

export interface Machine {
  readonly cores: number;
  readonly cpu: string;
  readonly node: string;
  readonly platform: string;
  /** 1-minute load average when the run started: other work on the machine lowers every figure. */
  readonly loadAverage: number;
}

export function describeMachine(): Machine {
  const cpuList = cpus();
  return {
    cores: cpuList.length,
    cpu: cpuList[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: loadavg()[0] ?? 0,
  };
}

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Thousands separated, no decimals (rates); two significant decimals below 10 (ratios, ms). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) < 10) return value.toFixed(2);
  return numberFormat.format(value);
}

export function formatMegabytes(bytes: number): string {
  return `${numberFormat.format(bytes / 1024 / 1024)} MB`;
}

/** A Markdown table (readable as is in a terminal, and pasted into the README unchanged). */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (column === 0 ? `-${'-'.repeat(width)}-` : `-${'-'.repeat(width)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
