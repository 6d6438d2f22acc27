import QRCode from 'qrcode'

/**
 * A QR code as one SVG path (dark modules, one unit each) and its size in modules, made by the
 * qrcode library; the page draws it as an inline <svg> (no image URL for the CSP to allow).
 */
export function qrPath(text: string): { size: number; path: string } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const parts: string[] = []
  for (let y = 0; y < modules.size; y++) {
    for (let x = 0; x < modules.size; x++) {
      if (!modules.get(y, x)) continue
      let run = 1
      while (x + run < modules.size && modules.get(y, x + run)) run++
      parts.push(`M${x} ${y}h${run}v1h-${run}z`)
      x += run - 1
    }
  }
  return { size: modules.size, path: parts.join('') }
}
