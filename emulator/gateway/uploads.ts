// What the gateway's upload route (the H5 stand-in for Taro.cloud.uploadFile) accepts: one file
// directly in the caller's own upload directory, whose bytes are an image of a kind the app shows.
import { uploadDirFor } from '../../cloudfunctions/shared/domain/uploads';

export function isClientUploadPath(cloudPath: string, openid: string): boolean {
  const dir = `${uploadDirFor(openid)}/`;
  return cloudPath.startsWith(dir) && !cloudPath.slice(dir.length).includes('/');
}

const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'gif', 'webp'];

/**
 * The image kind the bytes are (by their signature, not the name), or null. The name must also end
 * in an image extension, because files are served with the type their extension gives (never HTML).
 */
export function imageKind(bytes: Buffer, cloudPath: string): 'jpeg' | 'png' | 'gif' | 'webp' | null {
  let kind: 'jpeg' | 'png' | 'gif' | 'webp' | null = null;
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) kind = 'jpeg';
  else if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) kind = 'png';
  else if (bytes.length >= 6 && /^GIF8[79]a$/.test(bytes.subarray(0, 6).toString('latin1'))) kind = 'gif';
  else if (bytes.length >= 12 && bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') kind = 'webp';
  if (!kind) return null;
  const ext = cloudPath.slice(cloudPath.lastIndexOf('.') + 1).toLowerCase();
  return IMAGE_EXTENSIONS.includes(ext) ? kind : null;
}
