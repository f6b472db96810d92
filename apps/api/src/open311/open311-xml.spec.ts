import { XMLParser } from 'fast-xml-parser';
import { toGeoReportXml } from './open311-xml.js';

describe('toGeoReportXml (GeoReport v2 XML)', () => {
  it('writes a list as one element per item, fields in order, null as an empty element', () => {
    const xml = toGeoReportXml('service_requests', [{ service_request_id: 'ZHM-2026-000001', service_notice: null, account_id: null }], 'request');
    expect(xml).toBe(
      '<?xml version="1.0" encoding="utf-8"?><service_requests><request><service_request_id>ZHM-2026-000001</service_request_id><service_notice></service_notice><account_id></account_id></request></service_requests>',
    );
  });

  it("escapes residents' text, so it stays text", () => {
    const description = 'Жол <b>бұзылған</b> & "шұңқыр" </description><x>';
    const xml = toGeoReportXml('service_requests', [{ description, lat: 42.9, metadata: false }], 'request');
    const parsed = new XMLParser({ parseTagValue: false }).parse(xml) as { service_requests: { request: Record<string, string> } };
    expect(parsed.service_requests.request).toEqual({ description, lat: '42.9', metadata: 'false' });
    // A control character XML 1.0 cannot carry is dropped rather than breaking the document.
    expect(toGeoReportXml('r', { description: 'a\u0008b\u001Fc' })).toContain('<description>abc</description>');
  });

  it('names the items of the lists the spec nests (discovery endpoints and formats)', () => {
    const xml = toGeoReportXml('discovery', { changeset: 'c', endpoints: [{ url: 'u', formats: ['text/xml', 'application/json'] }] });
    expect(xml).toContain(
      '<endpoints><endpoint><url>u</url><formats><format>text/xml</format><format>application/json</format></formats></endpoint></endpoints>',
    );
    expect(() => toGeoReportXml('x', { unknown_list: [1] })).toThrow('no XML item name for the list unknown_list');
  });
});
