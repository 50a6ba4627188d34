/** TypeBox schemas of the surveys JSON API (responses included: nothing leaves unlisted). */
import { Type, type TSchema } from '@sinclair/typebox';
import { ID_PATTERN } from '../../shared/ids.ts';
import { ErrorOut } from '../plans/plans.schemas.ts';

export const IdParams = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const EstimateOut = Type.Object({
  estimate: Type.Number(),
  low: Type.Number(),
  high: Type.Number(),
  deff: Type.Number(),
  nEff: Type.Number(),
});
export const ResultsOut = Type.Object({
  surveyId: Type.String(),
  minimum: Type.Integer(),
  rows: Type.Array(
    Type.Object({
      questionKey: Type.String(),
      construct: Type.String(),
      itemId: Type.Union([Type.String(), Type.Null()]),
      option: Nullable(Type.Integer()),
      measure: Type.String(),
      wave: Type.Integer(),
      version: Type.Integer(),
      areaCode: Type.Union([Type.String(), Type.Null()]),
      n: Nullable(Type.Integer()),
      unweighted: Type.Union([EstimateOut, Type.Null()]),
      weighted: Type.Union([EstimateOut, Type.Null()]),
    }),
  ),
});
export const errors = { 400: ErrorOut, 401: ErrorOut, 404: ErrorOut };
