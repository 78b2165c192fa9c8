import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Access } from '../identity/access/access.decorator';
import { CALENDAR_ROUTE, CalendarFeedService } from './calendar-feed.service';

/** Outside the /api prefix (see app.factory.ts): calendar applications fetch it without signing in. */
@ApiTags('deadlines')
@Controller(CALENDAR_ROUTE)
export class CalendarFeedController {
  constructor(private readonly calendar: CalendarFeedService) {}

  @Get(':token.ics')
  @Access.public('The secret token in the URL is the credential (calendar applications cannot sign in)')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=300')
  @ApiOperation({ summary: "A department's deadlines as an iCalendar feed (all-day events, stable UIDs)" })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'iCalendar (RFC 5545)', schema: { type: 'string' } })
  @ApiNotFoundResponse({ description: 'Unknown, rotated or revoked token' })
  feed(@Param('token') token: string): Promise<string> {
    return this.calendar.feed(token);
  }
}
