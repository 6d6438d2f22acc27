import Papa from 'papaparse'

/**
 * A CSV download: a UTF-8 BOM (so spreadsheets read the encoding), cells starting with = + - @
 * prefixed so they never run as formulas, and a dated file name.
 */
export function csvResponse(name: string, fields: string[], rows: unknown[][]): Response {
  const csv = Papa.unparse({ fields, data: rows }, { escapeFormulae: true })
  return new Response(`\uFEFF${csv}\r\n`, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.csv"`,
      'Cache-Control': 'no-store',
    },
  })
}
