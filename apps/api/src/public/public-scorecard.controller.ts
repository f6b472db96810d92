import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { ApiDoc, ref } from '../openapi/api-doc.decorator.js';
import { scorecardPage, type PageLanguage } from './public-scorecard.page.js';
import { PublicScorecardService, type PublicScorecard } from './public-scorecard.service.js';

export class PublicScorecardQuery {
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must look like 2026-03' })
  month?: string;

  /** The page's language; the JSON carries both names. */
  @IsOptional()
  @IsIn(['kk', 'ru'])
  lang?: PageLanguage;

  /** Forces JSON or the page whatever the Accept header asks for. */
  @IsOptional()
  @IsIn(['json', 'html'])
  format?: 'json' | 'html';
}

/**
 * Issue 16: the public scorecard, without sign-in. JSON by default; the page in Kazakh or Russian
 * for a browser (Accept: text/html) or with `format=html`. Computed at most every five minutes per month.
 */
@ApiTags('public')
@Public()
@Controller('public')
export class PublicScorecardController {
  constructor(private readonly scorecards: PublicScorecardService) {}

  @Get('scorecard')
  @ApiDoc({
    summary: "The month's public scorecard per district akimat (JSON, or the page with Accept: text/html or format=html)",
    ok: ref('PublicScorecard'),
    public: true,
    errors: [400],
  })
  @ApiProduces('application/json', 'text/html')
  async scorecard(@Query() q: PublicScorecardQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<PublicScorecard | string> {
    const card = await this.scorecards.scorecard(q.month);
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.setHeader('Vary', 'Accept');
    const html = q.format ? q.format === 'html' : req.accepts(['json', 'html']) === 'html';
    if (!html) return card;
    res.type('html');
    return scorecardPage(card, q.lang ?? 'kk');
  }
}
