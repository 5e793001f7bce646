// multipart/form-data as the CloudBase SDK sends it for `wx.openApi` (the `form-data` package: one
// part per request field, a Buffer field as `application/octet-stream`). Only what that needs:
// named parts, no nested multiparts, no files on disk.

export interface FormPart {
  name: string;
  contentType?: string;
  value: Buffer;
}

/** The boundary of a `multipart/form-data; boundary=…` content type, or null for anything else. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return null;
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : null;
}

/** Splits a multipart body into its parts; throws when the body does not follow the boundary. */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new Error('multipart boundary not found');
  for (;;) {
    pos += delimiter.length;
    // `--` after a delimiter closes the body.
    if (body.subarray(pos, pos + 2).toString('latin1') === '--') return parts;
    if (body.subarray(pos, pos + 2).toString('latin1') !== '\r\n') throw new Error('malformed multipart delimiter');
    pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw new Error('multipart part without headers');
    const headers = body.subarray(pos, headerEnd).toString('utf8').split('\r\n');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) throw new Error('unterminated multipart part');
    let name = '';
    let contentType: string | undefined;
    for (const h of headers) {
      const [key, ...rest] = h.split(':');
      const value = rest.join(':').trim();
      if (/^content-disposition$/i.test(key.trim())) name = /\bname="([^"]*)"/i.exec(value)?.[1] ?? '';
      else if (/^content-type$/i.test(key.trim())) contentType = value;
    }
    if (!name) throw new Error('multipart part without a name');
    parts.push({ name, contentType, value: body.subarray(headerEnd + 4, next) });
    pos = next + 2;
  }
}
