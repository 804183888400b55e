<?php

declare(strict_types=1);

namespace Vtws\Tests\Synergy;

require_once __DIR__ . '/SynergyTestCase.php';

/** The per-account token bucket, on a frozen clock so that only advancing it refills the bucket. */
final class RateLimitTest extends SynergyTestCase
{
    /** @return array<int, int> status => count over $n calls */
    private static function burst(string $token, int $n): array
    {
        $statuses = [];
        for ($i = 0; $i < $n; $i++) {
            $statuses[] = self::call('countRecords', self::recordPath('people', '/count'), (object) [], $token)->status;
        }
        return array_count_values($statuses);
    }

    public function testSeedBucketAllowsBurstOf200ThenFiftyPerSecond(): void
    {
        self::assertSame(['rate' => 50, 'burst' => 200], array_intersect_key(self::control('config', [], 'GET'),
            ['rate' => 0, 'burst' => 0]));
        $token = self::token();
        self::control('clock', ['freeze' => 1]);

        self::assertSame([200 => 200], self::burst($token, 200));
        $refused = self::call('countRecords', self::recordPath('people', '/count'), (object) [], $token);
        self::assertSame(429, $refused->status);
        self::assertSame('Too Many Requests', $refused->json()['error']);
        self::assertSame('1', $refused->header('retry-after'));

        self::control('clock', ['advance' => 1]);
        self::assertSame([200 => 50, 429 => 1], self::burst($token, 51));
        self::control('clock', ['advance' => 0.1]);
        self::assertSame([200 => 5, 429 => 1], self::burst($token, 6));
    }

    public function testCurrentProfileAllowsBurstOf300ThenOneHundredFiftyPerSecond(): void
    {
        self::control('config', ['profile' => 'current']);
        $token = self::token();
        self::control('clock', ['freeze' => 1]);

        self::assertSame([200 => 300, 429 => 1], self::burst($token, 301));
        self::control('clock', ['advance' => 1]);
        self::assertSame([200 => 150, 429 => 1], self::burst($token, 151));
    }

    public function testRetryAfterCanBeSwitchedOffAndUnauthorisedCallsCostNothing(): void
    {
        self::control('config', ['rate' => 1, 'burst' => 2, 'retryAfter' => 0]);
        $token = self::token();
        self::control('clock', ['freeze' => 1]);
        for ($i = 0; $i < 5; $i++) {
            self::assertSame(401, self::call('countRecords', self::recordPath('people', '/count'), (object) [], 'syn.bad')->status);
        }

        self::assertSame([200 => 2, 429 => 1], self::burst($token, 3));
        $refused = self::call('countRecords', self::recordPath('people', '/count'), (object) [], $token);
        self::assertNull($refused->header('retry-after'));
    }
}
