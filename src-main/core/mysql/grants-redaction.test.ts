import { describe, expect, it } from 'vitest';
import { MASK, Redactor } from '../redact';

describe('redaction of MySQL account output', () => {
  it('masks password hashes in SHOW GRANTS and SHOW CREATE USER, MariaDB and MySQL forms', () => {
    const r = new Redactor();
    expect(
      r.text(
        "GRANT REPLICATION SLAVE ON *.* TO `repl`@`127.0.0.1` IDENTIFIED BY PASSWORD '*A4B6157319038724E3560894F7F932C8886EBFCF'",
      ),
    ).toBe(
      `GRANT REPLICATION SLAVE ON *.* TO \`repl\`@\`127.0.0.1\` IDENTIFIED BY PASSWORD '${MASK}'`,
    );
    expect(
      r.text("CREATE USER `x`@`%` IDENTIFIED VIA mysql_native_password USING '*ABC'"),
    ).toContain(`USING '${MASK}'`);
    expect(
      r.text("CREATE USER 'x'@'%' IDENTIFIED WITH 'caching_sha2_password' AS '$A$005$xyz'"),
    ).toContain(`AS '${MASK}'`);
  });
});
