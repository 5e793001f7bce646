// The protobuf messages wx-server-sdk exchanges with CloudBase for `wx.openApi` (its
// src/protobuf/openapi.js, generated from WeChat's openapi.proto), read and written by hand: the
// wire format needs only varints and length-delimited fields, and the emulator then depends on
// nothing the SDK happens to bundle.
//
//   message KeyValuePair   { string key = 1; bytes value = 2; string contenttype = 3; string filename = 4; }
//   message OpenApiData    { repeated KeyValuePair pairs = 1; }
//   message CommApiData    { ApiType apiType = 1; OpenApiData openapiData = 2; InnerApiData innerData = 3;
//                            SvrkitApiData svrkitData = 4; TokenApiData tokenData = 5; string appid = 6; }
//                            enum ApiType { OPEN_API = 0; INNER_API = 1; SVRKIT_API = 2; TOKEN_API = 3; }
//   message HttpHeader     { string key = 1; string value = 2; }
//   message CommOpenApiResp{ bytes respData = 1; string contentType = 2; int32 errorCode = 3; uint32 httpCode = 4;
//                            repeated HttpHeader headers = 5; int32 svrkitErrorCode = 6; }

export const API_TYPE = { OPEN_API: 0, INNER_API: 1, SVRKIT_API: 2, TOKEN_API: 3 } as const;

export interface KeyValuePair {
  key: string;
  value: Buffer;
  contenttype?: string;
  filename?: string;
}

export interface CommApiData {
  apiType: number;
  /** Present for OPEN_API calls (cloud.openapi.*): the request's fields, each value JSON text. */
  pairs?: KeyValuePair[];
  appid?: string;
}

export interface CommOpenApiResp {
  respData?: Buffer;
  contentType?: string;
  errorCode?: number;
  httpCode?: number;
}

class Reader {
  pos = 0;
  constructor(private readonly buf: Buffer) {}
  get done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint');
      const b = this.buf[this.pos++];
      // Values above 2^53 do not occur in these messages; int32 negatives arrive as 10-byte varints.
      result += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return result;
      shift += 7;
      if (shift > 63) throw new Error('varint too long');
    }
  }
  bytes(): Buffer {
    const len = this.varint();
    if (this.pos + len > this.buf.length) throw new Error('truncated field');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
    if (this.pos > this.buf.length) throw new Error('truncated field');
  }
  /** Iterates the fields of one message. */
  *fields(): Generator<{ field: number; wireType: number }> {
    while (!this.done) {
      const tag = this.varint();
      yield { field: Math.floor(tag / 8), wireType: tag & 7 };
    }
  }
}

function decodePair(buf: Buffer): KeyValuePair {
  const r = new Reader(buf);
  const out: KeyValuePair = { key: '', value: Buffer.alloc(0) };
  for (const { field, wireType } of r.fields()) {
    if (field === 1 && wireType === 2) out.key = r.bytes().toString('utf8');
    else if (field === 2 && wireType === 2) out.value = Buffer.from(r.bytes());
    else if (field === 3 && wireType === 2) out.contenttype = r.bytes().toString('utf8');
    else if (field === 4 && wireType === 2) out.filename = r.bytes().toString('utf8');
    else r.skip(wireType);
  }
  return out;
}

/** Decodes the `requestData` part of a `wx.openApi` call. Throws on bytes that are not this message. */
export function decodeCommApiData(buf: Buffer): CommApiData {
  const r = new Reader(buf);
  const out: CommApiData = { apiType: API_TYPE.OPEN_API };
  for (const { field, wireType } of r.fields()) {
    if (field === 1 && wireType === 0) out.apiType = r.varint();
    else if (field === 2 && wireType === 2) {
      const inner = new Reader(r.bytes());
      out.pairs ??= [];
      for (const f of inner.fields()) {
        if (f.field === 1 && f.wireType === 2) out.pairs.push(decodePair(inner.bytes()));
        else inner.skip(f.wireType);
      }
    } else if (field === 6 && wireType === 2) out.appid = r.bytes().toString('utf8');
    else r.skip(wireType);
  }
  return out;
}

function varint(n: number): Buffer {
  const bytes: number[] = [];
  // int32 negatives are written as 64-bit two's complement (10 bytes), as protobufjs does.
  let v = n < 0 ? BigInt.asUintN(64, BigInt(n)) : BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    bytes.push(b);
  } while (v > 0n);
  return Buffer.from(bytes);
}

function lengthDelimited(field: number, payload: Buffer): Buffer {
  return Buffer.concat([varint(field * 8 + 2), varint(payload.length), payload]);
}

/** Encodes the reply wx-server-sdk decodes with CommOpenApiResp.decode. */
export function encodeCommOpenApiResp(m: CommOpenApiResp): Buffer {
  const parts: Buffer[] = [];
  if (m.respData) parts.push(lengthDelimited(1, m.respData));
  if (m.contentType) parts.push(lengthDelimited(2, Buffer.from(m.contentType, 'utf8')));
  if (m.errorCode) parts.push(varint(3 * 8), varint(m.errorCode));
  if (m.httpCode) parts.push(varint(4 * 8), varint(m.httpCode));
  return Buffer.concat(parts);
}
