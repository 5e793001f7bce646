// Image bytes for uploads: the gateway's upload route, like the mini-program's, takes images only
// (checked by their bytes).

/** A valid 2×2 PNG. */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAEUlEQVR4AWM8AQQMQMDEAAUAMKYDJOk+9mYAAAAASUVORK5CYII=', 'base64');

/** A JPEG's signature and a little filler: enough for a byte check, not for a decoder. */
export const TINY_JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF local test image'), Buffer.from([0xff, 0xd9])]);

/** Bytes of the kind the name's extension says (JPEG for .jpg/.jpeg, else PNG). */
export function imageBytesFor(name: string): Buffer {
  return /\.jpe?g$/i.test(name) ? TINY_JPEG : TINY_PNG;
}
