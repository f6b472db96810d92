import { parseSentinelUrl } from './redis-connection.js';

describe('parseSentinelUrl', () => {
  it('reads the sentinels, the master name, the credentials and the database', () => {
    expect(parseSentinelUrl('redis-sentinel://:s%40cret@10.0.0.1:26379,10.0.0.2:26380,sentinel-3/tynda-master/2?sentinelPassword=sp')).toEqual({
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26380 },
        { host: 'sentinel-3', port: 26379 },
      ],
      name: 'tynda-master',
      username: undefined,
      password: 's@cret',
      db: 2,
      sentinelPassword: 'sp',
    });
    expect(parseSentinelUrl('redis-sentinel://app:pw@127.0.0.1:26379/mymaster')).toEqual({
      sentinels: [{ host: '127.0.0.1', port: 26379 }],
      name: 'mymaster',
      username: 'app',
      password: 'pw',
      db: undefined,
      sentinelPassword: undefined,
    });
  });

  it('leaves plain Redis URLs and malformed sentinel URLs alone', () => {
    for (const url of [
      'redis://127.0.0.1:6379',
      'rediss://user:pw@redis.example:6380/1',
      'redis-sentinel://127.0.0.1:26379',
      'redis-sentinel://127.0.0.1:notaport/m',
      'redis-sentinel://127.0.0.1:70000/m',
    ]) {
      expect(parseSentinelUrl(url)).toBeNull();
    }
  });
});
