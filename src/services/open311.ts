import type { IssueApiKeyPayload, SetOpen311PublicPayload } from '../../cloudfunctions/shared/contracts/open311';
import { call, type CallOptions } from './call';

export type { ApiKeyView, IssuedApiKey, Open311DistrictSetting, Open311SettingsView } from '../../cloudfunctions/shared/contracts/open311';

/** Open311 partner keys and public reading (admin only). */
export const listApiKeys = (opts?: CallOptions) => call('admin', 'listApiKeys', {}, opts);
export const issueApiKey = (p: IssueApiKeyPayload, opts?: CallOptions) => call('admin', 'issueApiKey', p, opts);
export const revokeApiKey = (id: string, opts?: CallOptions) => call('admin', 'revokeApiKey', { id }, opts);
export const open311Settings = (opts?: CallOptions) => call('admin', 'open311Settings', {}, opts);
export const setOpen311Public = (p: SetOpen311PublicPayload, opts?: CallOptions) => call('admin', 'setOpen311Public', p, opts);
