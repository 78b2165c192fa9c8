import { Injectable, PipeTransform } from '@nestjs/common';
import { RequestValidationError } from '../common/problem/problem';

/** A deadline key as the schedule makes them (2022-Y4-site-assessment-public-comment-notice): letters, digits, dots and dashes. */
@Injectable()
export class MilestoneKeyPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[A-Za-z0-9.-]{1,120}$/.test(value)) throw new RequestValidationError([{ field: 'key', message: 'key must be a deadline key such as 2022-Y4-site-assessment-public-comment-notice' }]);
    return value;
  }
}
