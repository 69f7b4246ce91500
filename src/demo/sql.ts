import type { DemoDay } from "./calendar.js";

// Every "random" choice is a hash of the row number, so the same days give the same lake.

/** The default history, in days. */
export const DEMO_MONTH = 30;

/** The days table and the helpers the table builders share. */
export function setupSql(days: DemoDay[]): string[] {
  const values = days
    .map((d) => `(${d.index}, DATE '${d.date}', '${d.year}', '${d.month}', '${d.day}')`)
    .join(", ");
  // A longer history is the same shop, as busy every day: each day's files are as large as a real day's
  // delivery, so the lifecycle what-if weighs the per-object charges (transition requests, the 128 KiB
  // rule) against realistic objects, not ones shrunk to keep the demo small.
  return [
    "SET TimeZone = 'UTC'",
    `CREATE TABLE days AS SELECT * FROM (VALUES ${values}) t(day_idx, d, year, month, day)`,
    "CREATE MACRO pick(list, h) AS list[1 + (h % len(list))::INTEGER]",
    "CREATE MACRO first_name(cid) AS pick(['anna','ben','chloe','david','emma','felix','greta','hugo','ines','jonas','klara','lukas','mia','noah','olga','paul'], cid)",
    "CREATE MACRO last_name(cid) AS pick(['schmidt','martin','rossi','garcia','jansen','novak','smith','dubois','fischer','silva','kowalski','berg'], cid // 16)",
    "CREATE MACRO email_domain(cid) AS pick(['example.com','mail.example.org','shop.example.net'], cid // 7)",
    "CREATE MACRO title(s) AS upper(s[1]) || s[2:]",
    // Real feeds: ~3% no email, ~10% typed with capitals by a human or a CRM.
    `CREATE MACRO dirty_email(cid, h) AS CASE
       WHEN h % 100 < 3 THEN NULL
       WHEN h % 100 < 13 THEN title(first_name(cid)) || '.' || title(last_name(cid)) || (cid % 100)::VARCHAR || '@' || upper(email_domain(cid))
       ELSE first_name(cid) || '.' || last_name(cid) || (cid % 100)::VARCHAR || '@' || email_domain(cid) END`,
    "CREATE MACRO iso(ts) AS strftime(ts, '%Y-%m-%dT%H:%M:%SZ')",
  ];
}

/** Orders with a file number per row: some days split in two deliveries, some with a re-delivery file. */
export function ordersSql(couponFromDay: number): string[] {
  return [
    // Order ids follow order time, as a shop's sequence would.
    `CREATE TABLE order_seq AS
     WITH per_day AS (
       SELECT *, (3400 + hash(day_idx, 'orders') % 1300 - CASE WHEN isodow(d) >= 6 THEN 900 ELSE 0 END)::INTEGER AS n,
              hash(day_idx, 'split') % 3 = 0 AS split,
              hash(day_idx, 'redeliver') % 3 = 1 AS redeliver
       FROM days),
     o AS (SELECT *, unnest(range(n)) AS k FROM per_day),
     t AS (SELECT * EXCLUDE (n, k), d + to_seconds((hash(day_idx, k, 'time') % 86400)::BIGINT) AS created FROM o)
     SELECT row_number() OVER (ORDER BY created) AS seq, * FROM t`,
    `CREATE TABLE orders AS
     WITH b AS (
       SELECT *, (1 + hash(seq, 'customer') % 30000)::BIGINT AS customer_id,
              hash(seq, 'status') % 100 AS s
       FROM order_seq)
     SELECT seq, day_idx, year, month, day, split, redeliver, created, false AS redelivered,
       CASE WHEN split AND hour(created) >= 12 THEN 1 ELSE 0 END AS file_no,
       'ORD-' || lpad(seq::VARCHAR, 8, '0') AS order_id,
       customer_id,
       dirty_email(customer_id, hash(seq, 'email')) AS customer_email,
       CASE WHEN s < 10 THEN 'placed' WHEN s < 40 THEN 'paid' WHEN s < 75 THEN 'shipped'
            WHEN s < 95 THEN 'delivered' ELSE 'cancelled' END AS status,
       pick(['web', 'web', 'app', 'app', 'store'], hash(seq, 'channel')) AS channel,
       (1 + hash(seq, 'items') % 5)::INTEGER AS items,
       (4.99 + (hash(seq, 'amount') % 40000) / 100.0)::DECIMAL(10, 2) AS amount,
       pick(['EUR', 'EUR', 'EUR', 'EUR', 'EUR', 'EUR', 'USD', 'USD', 'GBP'], hash(seq, 'currency')) AS currency,
       CASE WHEN hash(seq, 'bad-ts') % 250 = 0
            THEN pick(['2024/13/45 25:61', '', 'yesterday', '31-02-2024 10:00'], seq)
            ELSE iso(created) END AS created_at,
       iso(created + to_minutes((hash(seq, 'updated') % 120)::BIGINT)) AS updated_at,
       CASE WHEN day_idx >= ${couponFromDay} AND hash(seq, 'coupon') % 100 < 18
            THEN pick(['WELCOME10', 'FREESHIP', 'AUTUMN15', 'VIP20'], hash(seq, 'code')) END AS coupon_code
     FROM b`,
    // A re-delivery: the same order_id again in a later file, half of them with a later updated_at.
    `INSERT INTO orders
     SELECT * REPLACE (
       true AS redelivered,
       CASE WHEN split THEN 2 ELSE 1 END AS file_no,
       CASE WHEN hash(seq, 'dup-kind') % 2 = 0 THEN status
            WHEN status = 'paid' THEN 'shipped' WHEN status = 'shipped' THEN 'delivered' ELSE status END AS status,
       CASE WHEN hash(seq, 'dup-kind') % 2 = 0 THEN updated_at
            ELSE iso(created + to_minutes((180 + hash(seq, 'dup-late') % 600)::BIGINT)) END AS updated_at)
     FROM orders WHERE redeliver AND hash(seq, 'dup') % 100 < 7`,
  ];
}

export const ORDER_COLUMNS = [
  "order_id",
  "customer_id",
  "customer_email",
  "status",
  "channel",
  "items",
  "amount",
  "currency",
  "created_at",
  "updated_at",
];

/** Customer records changed each day (a CDC-like feed: the same customer may appear on many days). */
export function customersSql(): string[] {
  return [
    `CREATE TABLE customers AS
     WITH per_day AS (SELECT *, (950 + hash(day_idx, 'customers') % 200)::INTEGER AS n FROM days),
     c AS (SELECT *, unnest(range(n)) AS k FROM per_day),
     b AS (SELECT *, row_number() OVER (ORDER BY day_idx, k) AS seq FROM c),
     r AS (SELECT *, (1 + hash(seq, 'cid') % 30000)::BIGINT AS customer_id FROM b)
     SELECT seq, day_idx, year, month, day, 0 AS file_no,
       customer_id,
       title(first_name(customer_id)) AS first_name,
       title(last_name(customer_id)) AS last_name,
       dirty_email(customer_id, hash(seq, 'email')) AS email,
       pick(['DE', 'DE', 'FR', 'NL', 'ES', 'IT', 'US', 'GB', 'de', ''], hash(customer_id, 'country')) AS country,
       strftime(DATE '2019-01-01' + (customer_id % 2000)::INTEGER, '%Y-%m-%d') AS signup_date,
       iso(d + to_seconds((hash(seq, 'time') % 86400)::BIGINT)) AS updated_at
     FROM r`,
  ];
}

export const CUSTOMER_COLUMNS = [
  "customer_id",
  "first_name",
  "last_name",
  "email",
  "country",
  "signup_date",
  "updated_at",
];

/** Payments for paid orders, one folder per month, four part files per month (one per Spark task). */
export function paymentsSql(): string[] {
  return [
    `CREATE TABLE payments AS
     SELECT seq, day_idx, year, month, (hash(seq, 'task') % 4)::INTEGER AS file_no,
       'PAY-' || lpad(seq::VARCHAR, 8, '0') AS payment_id,
       order_id,
       amount::DECIMAL(12, 2) AS amount,
       currency,
       (created + to_seconds((30 + hash(seq, 'pay-delay') % 3600)::BIGINT))::TIMESTAMPTZ AS paid_at,
       CASE WHEN hash(seq, 'method') % 10 < 7
            THEN {'kind': 'card', 'brand': pick(['visa', 'mastercard', 'amex'], hash(seq, 'brand')),
                  'last4': lpad((hash(seq, 'last4') % 10000)::VARCHAR, 4, '0')}
            ELSE {'kind': pick(['paypal', 'sepa', 'klarna'], hash(seq, 'wallet')), 'brand': NULL, 'last4': NULL} END AS method,
       CASE WHEN hash(seq, 'tags') % 5 = 0 THEN ['3ds', 'recurring']
            WHEN hash(seq, 'tags') % 5 < 3 THEN ['3ds'] ELSE []::VARCHAR[] END AS tags,
       hash(seq, 'captured') % 50 <> 0 AS captured,
       (amount * 0.014 + 0.25)::DECIMAL(10, 4) AS fee
     FROM orders
     WHERE NOT redelivered AND status IN ('paid', 'shipped', 'delivered') AND hash(seq, 'paid') % 100 < 55`,
  ];
}

export const PAYMENT_COLUMNS = [
  "payment_id",
  "order_id",
  "amount",
  "currency",
  "paid_at",
  "method",
  "tags",
  "captured",
  "fee",
];
