// Draws the toolbar/store icon (an upward arrow on a rounded square) as PNGs in public/icon/.
// Run once when the design changes: `node scripts/make-icons.mjs`. No image library needed.
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

/** Coverage of the shape at a point in unit coordinates (0..1). */
function inside(x, y) {
  const r = 0.22; // corner radius of the background square
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  const inSquare = (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  if (!inSquare) return 'none';
  // Arrow: a triangle head and a shaft, pointing up, plus a base line (the "upload" tray).
  const head = y >= 0.2 && y <= 0.5 && Math.abs(x - 0.5) <= (y - 0.2) * 0.9;
  const shaft = y > 0.48 && y <= 0.7 && Math.abs(x - 0.5) <= 0.085;
  const tray = y >= 0.76 && y <= 0.84 && x >= 0.24 && x <= 0.76;
  return head || shaft || tray ? 'fg' : 'bg';
}

function png(size) {
  const bg = [0xe8, 0x4a, 0x1f];
  const fg = [0xff, 0xff, 0xff];
  const ss = 4;
  const rows = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < ss; sy++)
        for (let sx = 0; sx < ss; sx++) {
          const kind = inside((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size);
          if (kind === 'none') continue;
          const c = kind === 'fg' ? fg : bg;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      const o = 1 + px * 4;
      if (a) {
        row[o] = r / a;
        row[o + 1] = g / a;
        row[o + 2] = b / a;
      }
      row[o + 3] = Math.round((a / (ss * ss)) * 255);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6; // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync('public/icon', { recursive: true });
for (const size of [16, 32, 48, 96, 128]) writeFileSync(`public/icon/${size}.png`, png(size));
