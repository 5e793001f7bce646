// What erasure does to one document, as plain functions: the person's openid becomes the pseudonym
// everywhere (ids and keys too), their names leave free text, and their own files are listed for deletion.
import { ERASED_NAME, eraseFromPlace, eraseFromRedemption, eraseFromReport, newPseudonym, scrubIds, scrubNames, type Erasure } from '../../../cloudfunctions/shared/domain/erasure';
import type { PlaceDoc } from '../../../cloudfunctions/shared/domain/place';
import type { ReportDoc } from '../../../cloudfunctions/shared/domain/report';
import type { RedemptionDoc } from '../../../cloudfunctions/shared/domain/rewards';

const e: Erasure = { openid: 'o-rider', pseudonym: 'erased-abc', names: ['冯小雨'] };

describe('erasure rules', () => {
  it('draws a fresh random pseudonym each time', () => {
    const a = newPseudonym();
    expect(a).toMatch(/^erased-[0-9a-f]{24}$/);
    expect(newPseudonym()).not.toBe(a);
  });

  it('replaces the openid inside ids, keys and paths, leaving everything else', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(scrubIds({ _id: 'expire:o-rider:30', actor: 'o-rider', at, n: 3, list: ['exports/o-rider/x.csv', 'other'] }, e)).toEqual({
      _id: 'expire:erased-abc:30',
      actor: 'erased-abc',
      at,
      n: 3,
      list: ['exports/erased-abc/x.csv', 'other'],
    });
    expect(scrubNames('网格员冯小雨已处理完成', e)).toBe(`网格员${ERASED_NAME}已处理完成`);
  });

  it('anonymises a report by role: reporter loses photos and credits, a handler keeps the step under the pseudonym', () => {
    const actor = (openid: string, name: string) => ({ openid, role: 'reporter' as const, name });
    const r = {
      reporter: 'o-rider',
      photos: [{ fileID: 'cloud://env.b/media/1.png', check: 'approved' }],
      notify: { review: 1 },
      placeOwner: null,
      assignee: 'o-grid',
      resolution: null,
      timeline: [{ at: new Date(), action: 'submit', status: 'submitted', actor: actor('o-rider', '冯小雨'), note: '' }, { at: new Date(), action: 'accept', status: 'accepted', actor: actor('o-staff', '王芳'), note: '' }],
    } as unknown as ReportDoc;
    const { patch, files } = eraseFromReport(r, e);
    expect(files).toEqual(['cloud://env.b/media/1.png']);
    expect(patch).toMatchObject({ reporter: 'erased-abc', reporterErased: true, photos: [], notify: {} });
    expect(patch.timeline![0].actor).toEqual({ openid: 'erased-abc', role: 'reporter', name: ERASED_NAME });
    expect(patch.timeline![1].actor.openid).toBe('o-staff');
    expect(patch.assignee).toBeUndefined();
  });

  it('voids the code of the holder’s redemptions and clears their applications', () => {
    const d = { openid: 'o-rider', holderName: '冯小雨', code: 'ABCDEFGHJKMN', fulfilledBy: 'o-merchant' } as RedemptionDoc;
    const patch = eraseFromRedemption(d, e);
    expect(patch).toMatchObject({ openid: 'erased-abc', holderName: '' });
    expect(patch.code).toMatch(/^void-/);
    expect(patch.fulfilledBy).toBeUndefined();
    const p = { ownerOpenid: 'o-rider', applicant: { name: '冯小雨', phone: '139' }, photos: ['cloud://env.b/a.png'], licencePhoto: 'cloud://env.b/l.png', pendingChange: null, createdBy: 'o-rider', reviewedBy: 'o-staff', lastReview: null } as unknown as PlaceDoc;
    const place = eraseFromPlace(p, e);
    expect(place.files.sort()).toEqual(['cloud://env.b/a.png', 'cloud://env.b/l.png']);
    expect(place.patch).toMatchObject({ ownerOpenid: 'erased-abc', createdBy: 'erased-abc', applicant: null, licencePhoto: null, photos: [] });
    expect(place.patch.reviewedBy).toBeUndefined();
  });
});
