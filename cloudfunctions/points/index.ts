import {
  adjustPayload,
  codePayload,
  emptyPayload,
  leaderboardPayload,
  ledgerPayload,
  manageRewardsPayload,
  myRedemptionsPayload,
  redeemPayload,
  redemptionPayload,
  reviewRewardPayload,
  rewardsPayload,
  updateRulesPayload,
  upsertRewardPayload,
} from '../shared/contracts/points';
import { getDb } from '../shared/runtime/app';
import { action, actionInTx, createFunction } from '../shared/runtime/handler';
import { adjust, leaderboard, ledger, rules, summary, updateRules } from '../shared/usecases/points';
import { cancelRedemption, checkCode, fulfill, myRedemptions, redeem, redemption } from '../shared/usecases/redemptions';
import { listRewards, manageRewards, reviewReward, upsertReward } from '../shared/usecases/rewards';

export const actions = {
  summary: action(emptyPayload, (caller) => summary(getDb(), caller)),
  ledger: action(ledgerPayload, (caller, p) => ledger(getDb(), caller, p)),
  adjust: action(adjustPayload, (caller, p) => adjust(getDb(), caller, p)),
  rules: action(emptyPayload, () => rules(getDb())),
  updateRules: action(updateRulesPayload, (caller, p) => updateRules(getDb(), caller, p)),
  leaderboard: action(leaderboardPayload, (caller, p) => leaderboard(getDb(), caller, p)),
  rewards: action(rewardsPayload, (caller, p) => listRewards(getDb(), caller, p)),
  manageRewards: action(manageRewardsPayload, (caller, p) => manageRewards(getDb(), caller, p)),
  upsertReward: action(upsertRewardPayload, (caller, p) => upsertReward(getDb(), caller, p)),
  reviewReward: action(reviewRewardPayload, (caller, p) => reviewReward(getDb(), caller, p)),
  redeem: actionInTx(redeemPayload, (caller, p) => redeem(getDb(), caller, p)),
  myRedemptions: action(myRedemptionsPayload, (caller, p) => myRedemptions(getDb(), caller, p)),
  redemption: action(redemptionPayload, (caller, p) => redemption(getDb(), caller, p)),
  cancelRedemption: actionInTx(redemptionPayload, (caller, p) => cancelRedemption(getDb(), caller, p)),
  checkCode: action(codePayload, (caller, p) => checkCode(getDb(), caller, p)),
  fulfill: action(codePayload, (caller, p) => fulfill(getDb(), caller, p)),
};

export const main = createFunction('points', actions);
