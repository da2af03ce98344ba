import { memo } from 'react';

interface Props {
  /** Pixel values in 0..1, row by row, of a square image (64 for an 8×8 digit). */
  readonly pixels: ArrayLike<number>;
  /** Drawn size in CSS pixels. */
  readonly size?: number;
  /** A colour per pixel, drawn instead of the grey levels (a heatmap over the digit). */
  readonly colours?: readonly string[];
  /** The digit's outline over the heatmap: its inked pixels' grey at this opacity. */
  readonly inkOpacity?: number;
  readonly label: string;
}

/** A small square image drawn pixel by pixel: ink dark on light, or a heatmap with the digit faintly over it. */
export const DigitImage = memo(function DigitImage({ pixels, size = 48, colours, inkOpacity = 0.35, label }: Props) {
  const side = Math.round(Math.sqrt(pixels.length));
  const cell = size / side;
  const cells = Array.from({ length: side * side }, (_, i) => i);
  const grey = (v: number) => {
    const g = Math.round(255 * (1 - Math.min(1, Math.max(0, v))));
    return `rgb(${g},${g},${g})`;
  };
  return (
    <svg className="digit-image" width={size} height={size} viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label}>
      {cells.map((i) => (
        <rect
          key={i}
          x={(i % side) * cell}
          y={Math.floor(i / side) * cell}
          width={cell + 0.5}
          height={cell + 0.5}
          fill={colours ? colours[i] : grey(pixels[i])}
        />
      ))}
      {colours &&
        cells.map((i) => (
          <rect
            key={`ink${i}`}
            x={(i % side) * cell + cell * 0.3}
            y={Math.floor(i / side) * cell + cell * 0.3}
            width={cell * 0.4}
            height={cell * 0.4}
            fill="#000"
            opacity={inkOpacity * Math.min(1, Math.max(0, pixels[i]))}
          />
        ))}
    </svg>
  );
});
