// The map of every callable action, by function, for the front end's typed `call` (types only).
import type { AdminActions } from './admin';
import type { PlaceActions } from './place';
import type { PointsActions, PointsJobsActions } from './points';
import type { SnapshotActions } from './snapshot';
import type { StatsActions } from './stats';
import type { UserActions } from './user';

export interface FunctionActions {
  user: UserActions;
  snapshot: SnapshotActions;
  admin: AdminActions;
  place: PlaceActions;
  points: PointsActions;
  pointsjobs: PointsJobsActions;
  stats: StatsActions;
}

export type FunctionName = keyof FunctionActions;
export type ActionName<F extends FunctionName> = keyof FunctionActions[F] & string;
export type PayloadOf<F extends FunctionName, A extends ActionName<F>> = FunctionActions[F][A] extends { payload: infer P } ? P : never;
export type DataOf<F extends FunctionName, A extends ActionName<F>> = FunctionActions[F][A] extends { data: infer D } ? D : never;

export type { Envelope, ApiError, ErrorCode } from './common';
export type { UserView, Profile, Role, Scopes, Platform, WorkType } from './user';
export type { RegionView } from './admin';
