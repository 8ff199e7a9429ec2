/**
 * Stream ids of the evaluation context. Persisted: never renamed (docs/contributing.md).
 *
 * - `administrative-units`: the one registry of provinces, districts, communes and evaluable
 *   organisations, with their validity periods and successors. One stream so that a
 *   reorganisation (many units at once) is one atomic append.
 * - `programme-<programmeId>`: an evaluation programme defined from a plan.
 * - `transformation-<districtId>-<year>`: every selection of a district's communes for one
 *   year and what became of them. One stream per district-year so that its expected version
 *   serialises concurrent selections: the 15% cap is checked on the state the append is
 *   conditioned on (docs/architecture.md, "The 15% cap without a race").
 * - `movement-<year>`: movement classifications and model-unit recognitions of a year.
 */
export const UNITS_STREAM_ID = 'administrative-units';
export const PROGRAMME_STREAM_PREFIX = 'programme-';
export const TRANSFORMATION_STREAM_PREFIX = 'transformation-';
export const MOVEMENT_STREAM_PREFIX = 'movement-';

export const programmeStreamId = (programmeId: string): string => `${PROGRAMME_STREAM_PREFIX}${programmeId}`;
export const transformationStreamId = (districtId: string, year: number): string =>
  `${TRANSFORMATION_STREAM_PREFIX}${districtId}-${year}`;
export const movementStreamId = (year: number): string => `${MOVEMENT_STREAM_PREFIX}${year}`;

/** Unit and programme ids appear inside stream ids: letters, digits, `_` and `-`, 1–64 characters. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
