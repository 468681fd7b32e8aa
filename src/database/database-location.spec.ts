import { describeDatabaseUrl } from './database-location';

describe('describeDatabaseUrl', () => {
  it('shows host, port and database, never the credentials', () => {
    expect(
      describeDatabaseUrl('postgres://app:s3cret@db.internal:6432/prospect?sslmode=require'),
    ).toBe('db.internal:6432/prospect');
    expect(describeDatabaseUrl('postgresql://postgres@127.0.0.1/test')).toBe('127.0.0.1/test');
  });

  it('names a socket directory, a missing database and an unreadable URL plainly', () => {
    expect(describeDatabaseUrl('postgres:///prospect?host=/var/run/postgresql')).toBe(
      '/var/run/postgresql/prospect',
    );
    expect(describeDatabaseUrl('postgres://u:p@localhost:5432')).toBe(
      'localhost:5432/(default database)',
    );
    expect(describeDatabaseUrl('not a url with a p4ssword')).toBe('(DATABASE_URL)');
  });
});
