<?php

declare(strict_types=1);

namespace Vtws\Tests\Server;

use Vtws\Tests\ServerLauncher;

require_once __DIR__ . '/ServerTestCase.php';

/** reset, expire-sessions, clock and stats controls. */
final class ControlsTest extends ServerTestCase
{
    public function testResetAddsGeneratedContacts(): void
    {
        ServerLauncher::control('reset', ['contacts' => 260]);
        $session = $this->client->login()['sessionName'];
        $count = $this->client->get(['operation' => 'query', 'sessionName' => $session,
            'query' => 'SELECT count(*) FROM Contacts;'])->result();
        self::assertSame([['count' => '297']], $count);
    }

    public function testExpiredSessionsAreInvalid(): void
    {
        ServerLauncher::control('expire-sessions');
        self::assertError('INVALID_SESSIONID', 'Session Identifier provided is Invalid', $this->get('listtypes'));
    }

    public function testClockAdvanceExpiresChallengeTokens(): void
    {
        $token = $this->client->get(['operation' => 'getchallenge', 'username' => 'admin'])->result();
        ServerLauncher::control('clock', ['advance' => 301]);
        $reply = $this->client->post(['operation' => 'login', 'username' => 'admin',
            'accessKey' => md5($token['token'] . WireClient::ADMIN_KEY)]);
        self::assertError('INVALID_AUTH_TOKEN', 'Specified token is invalid or expired', $reply);
        $later = $this->client->get(['operation' => 'getchallenge', 'username' => 'admin'])->result();
        self::assertGreaterThanOrEqual($token['serverTime'] + 301, $later['serverTime']);
    }

    public function testStatsRecordMethodsAndParameterSources(): void
    {
        ServerLauncher::control('stats/reset');
        $this->get('query', ['query' => 'SELECT lastname FROM Contacts LIMIT 1;']);
        $this->client->login();
        $stats = json_decode((string) file_get_contents(ServerLauncher::start() . '/__vtws/stats'), true);
        self::assertSame(['getchallenge' => 1, 'login' => 1, 'query' => 1], $stats['operations']);
        self::assertSame('POST', $stats['lastMethod']);
        $login = $stats['log'][2];
        self::assertSame(['POST', 'login', 'application/x-www-form-urlencoded'], [$login['method'], $login['operation'], $login['contentType']]);
        self::assertSame(['body'], array_values(array_unique(array_column($login['params'], 'source'))));
        self::assertSame('query', $stats['log'][0]['params'][0]['source']);
    }
}
