import { toString as qrSvg } from 'qrcode';
import { useEffect, useState } from 'react';

/** The join link as a QR code (SVG, so it stays sharp on a projector). */
export function QrCode({ text }: { text: string }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void qrSvg(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then((s) => live && setSvg(s));
    return () => {
      live = false;
    };
  }, [text]);
  return (
    <div
      className="class-qr"
      role="img"
      aria-label={`QR code of ${text}`}
      data-testid="class-qr"
      // The SVG is qrcode's own output for our link: no user markup goes into it.
      dangerouslySetInnerHTML={svg ? { __html: svg } : undefined}
    />
  );
}
