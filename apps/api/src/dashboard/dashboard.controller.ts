import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { dirname, join } from 'node:path';
import { notFound, Public } from '@dondoc/platform';

/**
 * The steering committee's dashboard: static files only. The page holds no data; it signs in
 * through `POST /auth/login` and reads the same query API as every other client, with the
 * bearer token, so it shows exactly what the API promises.
 */
const ASSETS: Record<string, { file: string; type: string }> = {
  'dashboard.js': { file: join(__dirname, 'public', 'dashboard.js'), type: 'text/javascript; charset=utf-8' },
  'dashboard.css': { file: join(__dirname, 'public', 'dashboard.css'), type: 'text/css; charset=utf-8' },
  // Chart.js's own UMD build, served from node_modules: the page loads nothing from other hosts.
  'chart.umd.min.js': { file: join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), type: 'text/javascript; charset=utf-8' },
};

/** Only this server, no inline script: the browser itself refuses any request elsewhere. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

@ApiExcludeController()
@Controller('dashboard')
export class DashboardController {
  @Get()
  @Public()
  page(@Res() response: Response): void {
    this.send(response, join(__dirname, 'public', 'index.html'), 'text/html; charset=utf-8');
  }

  @Get('assets/:name')
  @Public()
  asset(@Param('name') name: string, @Res() response: Response): void {
    const asset = Object.prototype.hasOwnProperty.call(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) throw notFound('ASSET_NOT_FOUND', `Không có tệp ${name}`);
    this.send(response, asset.file, asset.type);
  }

  private send(response: Response, file: string, type: string): void {
    response.setHeader('Content-Type', type);
    response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(file);
  }
}
