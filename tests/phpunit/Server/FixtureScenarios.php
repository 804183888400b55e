<?php

declare(strict_types=1);

namespace Vtws\Tests\Server;

use Vtws\Tests\ServerLauncher;

/**
 * Per-fixture setup for the replay test: brings the freshly seeded server into the
 * state the recorded exchange assumed (earlier steps of a sequence, enough contacts,
 * a fresh token) and rewrites what belonged to the recording install (session names,
 * tokens and hashes, record ids, absolute times).
 */
final class FixtureScenarios
{
    /** Fixtures whose recorded sessionName is deliberately not a live one. */
    private const OWN_SESSION = ['invalid-session', 'unknown-operation'];

    /** Fixtures that need more than 100 contacts (the recording install had 156). */
    private const MANY_CONTACTS = ['query-100-contacts', 'query-no-limit-over-100', 'query-limit-150',
        'query-limit-offset-page2', 'query-count', 'sync-more-page1', 'sync-more-page2'];

    private string $session = '';
    /** @var array<string, string> recorded id => id on this server */
    private array $ids = [];

    public function __construct(private readonly WireClient $client)
    {
    }

    /** Resets and prepares the server, then sends the fixture's request. */
    public function replay(string $name, array $fixture): WireReply
    {
        ServerLauncher::control('reset', ['contacts' => in_array($name, self::MANY_CONTACTS, true) ? 150 : 0]);
        $this->ids = [];
        $this->session = $this->client->login()['sessionName'];
        $params = $fixture['request_params'];
        $custom = $this->setUp($name, $params);
        if ($custom !== null) {
            return $custom;
        }
        $params = $this->rewrite($name, $params);
        if (isset($fixture['request_files'])) {
            return $this->client->multipart($params, $this->files($fixture['request_files']));
        }
        return $fixture['method'] === 'GET' ? $this->client->get($params) : $this->client->post($params);
    }

    /** Runs the steps a fixture depends on; returns an answer when the fixture needs a special request. */
    private function setUp(string $name, array &$params): ?WireReply
    {
        return match (true) {
            str_ends_with($name, '-unpatched-php8-http500') => $this->stockProfile(false),
            $name === 'listtypes-after-unpatched-logout' => $this->stockProfile(true),
            str_starts_with($name, 'login-') || $name === 'session-idle-31min' => $this->login($name, $params),
            in_array($name, ['after-logout', 'logout-again'], true) => $this->logoutFirst(),
            in_array($name, ['retrieve-deleted', 'delete-again'], true) => $this->deleteFirst('12x3'),
            // The seed already holds the Acme account the recording created.
            $name === 'create-account' => $this->deleteFirst('11x2'),
            str_contains($name, '-entities') => $this->entities($name),
            in_array($name, ['files-retrieve-attachment', 'files-retrieve-document-id'], true) => $this->document(),
            in_array($name, ['retrieve-invoice', 'retrieve-inventory'], true) => $this->invoice(),
            str_starts_with($name, 'sync-') => $this->sync($name, $params),
            $name === 'query-modifiedtime' => $this->recentQuery($params),
            $name === 'getchallenge-php-warnings-leaked' => $this->fault('warnings', 5),
            $name === 'listtypes-php-warnings-leaked' => $this->fault('warnings', 61),
            default => null,
        };
    }

    private function login(string $name, array &$params): ?WireReply
    {
        if ($name === 'session-idle-31min') {
            ServerLauncher::control('clock', ['advance' => 31 * 60]);
            return null;
        }
        $user = $params['username'] ?? 'admin';
        $token = fn (): string => $this->client->get(['operation' => 'getchallenge', 'username' => 'admin'])->result()['token'];
        $first = $token();
        $hash = md5($first . WireClient::ADMIN_KEY);
        switch ($name) {
            case 'login-wrong-key':
                $hash = md5($first . 'notTheAccessKey1');
                break;
            case 'login-uppercase-hash':
                $hash = strtoupper($hash);
                break;
            case 'login-stale-token':
                $token();
                break;
            case 'login-token-expired':
                ServerLauncher::control('clock', ['advance' => 305]);
                break;
            case 'login-token-reused':
                $this->client->post(['operation' => 'login', 'username' => 'admin', 'accessKey' => $hash])->result();
                break;
            case 'login-json-body':
                return $this->client->raw('POST', ['operation' => 'login'],
                    (string) json_encode(['username' => 'admin', 'accessKey' => $hash]), 'application/json');
        }
        if ($user === 'admin') {
            $params['accessKey'] = $hash;
        }
        return null;
    }

    /** Stock 8.0 on PHP 8: named-argument dispatch breaks logout, sync and the custom operation. */
    private function stockProfile(bool $failedLogoutFirst): ?WireReply
    {
        ServerLauncher::control('profile', ['name' => 'stock']);
        if ($failedLogoutFirst) {
            $reply = $this->client->post(['operation' => 'logout', 'sessionName' => $this->session]);
            if ($reply->status !== 500) {
                throw new \RuntimeException('stock logout should fail with HTTP 500');
            }
        }
        return null;
    }

    private function deleteFirst(string $id): ?WireReply
    {
        $this->call('delete', ['id' => $id]);
        return null;
    }

    private function logoutFirst(): ?WireReply
    {
        $this->call('logout', ['sessionName' => $this->session]);
        return null;
    }

    /** The *-entities fixtures: the contact of create-description-entities, then its recorded steps. */
    private function entities(string $name): ?WireReply
    {
        if ($name === 'create-description-entities') {
            return null;
        }
        $created = $this->call('create', ['elementType' => 'Contacts', 'element' => json_encode([
            'lastname' => 'Entities', 'assigned_user_id' => '19x1',
            'description' => "é ü ß α Ж 日本 € ™ © « » \" < > & ' already-escaped: &amp; &eacute;",
            'mailingstreet' => '5 <Main> & "Second" St. é',
        ])]);
        $this->ids['12x10161'] = $created['id'];
        $steps = ['update-partial-description-entities' => 0, 'retrieve-after-partial-update-entities' => 1,
            'revise-after-partial-update-entities' => 1, 'retrieve-after-revise-entities' => 2][$name] ?? 0;
        if ($steps >= 1) {
            $this->call('update', ['element' => json_encode(['id' => $created['id'], 'lastname' => 'Entities',
                'assigned_user_id' => '19x1', 'title' => 'Partial 1'])]);
        }
        if ($steps >= 2) {
            $this->call('revise', ['element' => json_encode(['id' => $created['id'], 'title' => 'Revised'])]);
        }
        return null;
    }

    private function document(): ?WireReply
    {
        $reply = $this->client->multipart(
            ['operation' => 'create', 'sessionName' => $this->session, 'elementType' => 'Documents',
                'element' => json_encode(['notes_title' => 'Upload hello.txt', 'assigned_user_id' => '19x1',
                    'filelocationtype' => 'I', 'filestatus' => 1, 'filename' => 'hello.txt', 'filesize' => 27,
                    'filetype' => 'text/plain'])],
            ['filename' => ['name' => 'hello.txt', 'type' => 'text/plain', 'content' => "Hello from vtws: é 日本\n"]]
        );
        $document = $reply->result();
        $this->ids['15x10171'] = $document['id'];
        $this->ids['15x10172'] = $document['imageattachmentids'];
        return null;
    }

    private function invoice(): ?WireReply
    {
        $recorded = json_decode((string) file_get_contents(FixtureReplayTest::fixtureDir() . '/create-invoice.json'), true);
        $invoice = $this->call('create', ['elementType' => 'Invoice', 'element' => $recorded['request_params']['element']]);
        $this->ids['7x14'] = $invoice['id'];
        return null;
    }

    /** Sync fixtures carry absolute times of the recording; translate them to this server's clock. */
    private function sync(string $name, array &$params): ?WireReply
    {
        if (!is_numeric($params['modifiedTime'] ?? null) || !isset($params['elementType'])) {
            return null;
        }
        $now = $this->client->get(['operation' => 'getchallenge', 'username' => 'admin'])->result()['serverTime'];
        $params['modifiedTime'] = $now - 2;
        switch ($name) {
            case 'sync-contacts':
                $this->call('revise', ['element' => json_encode(['id' => '12x3', 'title' => 'Revised title'])]);
                break;
            case 'sync-with-deleted':
                $this->call('delete', ['id' => '12x3']);
                break;
            case 'sync-deleted-bulk':
                foreach (['12x20', '12x21', '12x22'] as $id) {
                    $this->call('delete', ['id' => $id]);
                }
                break;
            case 'sync-future':
                $params['modifiedTime'] = $now + 86400;
                break;
            case 'sync-more-page1':
            case 'sync-more-page2':
                // The 150 generated contacts were written during the last hour.
                $params['modifiedTime'] = $now - 7200;
                if ($name === 'sync-more-page2') {
                    $first = $this->call('sync', ['modifiedTime' => $now - 7200, 'elementType' => 'Contacts'], 'GET');
                    $params['modifiedTime'] = $first['lastModifiedTime'];
                }
                break;
        }
        return null;
    }

    private function recentQuery(array &$params): ?WireReply
    {
        $now = $this->client->get(['operation' => 'getchallenge', 'username' => 'admin'])->result()['serverTime'];
        $this->call('revise', ['element' => json_encode(['id' => '12x20', 'title' => 'touched'])]);
        $params['query'] = str_replace('2026-11-23 00:22:13', gmdate('Y-m-d H:i:s', $now - 2), $params['query']);
        return null;
    }

    private function fault(string $kind, int $lines): ?WireReply
    {
        ServerLauncher::control('fault', ['kind' => $kind, 'count' => 1, 'lines' => $lines]);
        return null;
    }

    private function rewrite(string $name, array $params): array
    {
        if (isset($params['sessionName']) && !in_array($name, self::OWN_SESSION, true)) {
            $params['sessionName'] = $this->session;
        }
        foreach ($params as $key => $value) {
            if (is_string($value) && $this->ids !== []) {
                $params[$key] = strtr($value, $this->ids);
            }
        }
        return $params;
    }

    private function files(array $recorded): array
    {
        $files = [];
        foreach ($recorded as $part => $file) {
            $files[$part] = ['name' => $file['name'], 'type' => $file['type'], 'content' => $file['content']];
        }
        return $files;
    }

    /** A call made as part of the setup; it must succeed. */
    private function call(string $operation, array $params, ?string $method = null): mixed
    {
        $params = ['operation' => $operation, 'sessionName' => $this->session] + $params;
        $method ??= in_array($operation, ['retrieve', 'query', 'sync', 'describe'], true) ? 'GET' : 'POST';
        $reply = $method === 'GET' ? $this->client->get($params) : $this->client->post($params);
        return $reply->result();
    }
}
