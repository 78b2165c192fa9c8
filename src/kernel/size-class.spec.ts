import {
  DEFAULT_SIZE_CLASS_RANGES,
  parseSizeClassRanges,
  SizeClassRanges,
  sizeClassForSworn,
  validateSizeClassRanges,
} from './size-class';
import { SizeClass } from './standard-types';

describe('parseSizeClassRanges', () => {
  it.each<[string, SizeClassRanges]>([
    ['A:1-24,B:25-199,C:200-499,D:500+', DEFAULT_SIZE_CLASS_RANGES],
    [' d : 500 + , c:200 - 499,b:25-199 , a:1-24 ,', DEFAULT_SIZE_CLASS_RANGES],
    ['A:0-9,B:10-49,C:50-99,D:100+', { A: [0, 9], B: [10, 49], C: [50, 99], D: [100, null] }],
    ['A:1-1,B:2-2,C:3-3,D:4+', { A: [1, 1], B: [2, 2], C: [3, 3], D: [4, null] }],
  ])('parses %j', (text, expected) => {
    expect(parseSizeClassRanges(text)).toEqual(expected);
  });

  it.each<[string, RegExp]>([
    ['', /are empty/],
    [' , ', /are empty/],
    ['A:1-24,B:25-199,C:200-499', /lack D/],
    ['A:1-24', /lack B, C, D/],
    ['A:1-24,B:25-199,C:200-499,D:500+,A:1-2', /A is given twice/],
    ['A:1-24,B:25-199,C:200-499,E:500+', /"E:500\+" is not understood/],
    ['A:1-24;B:25-199', /not understood/],
    ['A:1-24,B:25-199,C:200-499,D:500', /"D:500" is not understood/],
    ['A:1-24,B:25-199,C:200-499,D:-5+', /not understood/],
    ['A:1.5-24,B:25-199,C:200-499,D:500+', /not understood/],
    ['A:1-24,B:30-199,C:200-499,D:500+', /B \(30-199\) leaves a gap after A \(1-24\); B must start at 25/],
    ['A:1-24,B:20-199,C:200-499,D:500+', /B \(20-199\) overlaps A \(1-24\); B must start at 25/],
    ['A:1-24,B:25-199,C:200-499,D:400+', /D \(400\+\) overlaps C/],
    ['A:1-24,B:25-199,C:200+,D:500+', /C is open-ended/],
    ['A:1-24,B:25-199,C:200-499,D:500-900', /D must be open-ended/],
    ['A:5-24,B:25-199,C:200-499,D:500+', /A must start at 1/],
    ['A:24-1,B:25-199,C:200-499,D:500+', /ends before it starts/],
  ])('rejects %j', (text, message) => {
    expect(() => parseSizeClassRanges(text)).toThrow(message);
  });
});

describe('validateSizeClassRanges', () => {
  it('accepts the defaults', () => {
    expect(() => validateSizeClassRanges(DEFAULT_SIZE_CLASS_RANGES)).not.toThrow();
  });

  it('rejects fractional bounds', () => {
    expect(() => validateSizeClassRanges({ ...DEFAULT_SIZE_CLASS_RANGES, A: [1, 24.5] })).toThrow(/whole numbers/);
  });
});

describe('sizeClassForSworn', () => {
  it.each<[number, SizeClass]>([
    [0, 'A'], [1, 'A'], [24, 'A'], [25, 'B'], [199, 'B'], [200, 'C'], [499, 'C'], [500, 'D'], [100000, 'D'],
  ])('%d sworn with the default ranges -> %s', (sworn, expected) => {
    expect(sizeClassForSworn(sworn, DEFAULT_SIZE_CLASS_RANGES)).toBe(expected);
  });

  it.each<[number, SizeClass]>([[0, 'A'], [9, 'A'], [10, 'B'], [100, 'D']])('%d sworn with custom ranges -> %s', (sworn, expected) => {
    expect(sizeClassForSworn(sworn, parseSizeClassRanges('A:0-9,B:10-49,C:50-99,D:100+'))).toBe(expected);
  });

  it.each([[-1], [2.5], [Number.NaN], [Number.POSITIVE_INFINITY]])('rejects %d', (sworn) => {
    expect(() => sizeClassForSworn(sworn, DEFAULT_SIZE_CLASS_RANGES)).toThrow(RangeError);
  });
});
