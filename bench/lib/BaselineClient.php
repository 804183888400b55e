<?php

declare(strict_types=1);

namespace Vtws\Bench;

/**
 * The plain-PHP baseline the benchmarks compare the extension with: a Vtiger webservice
 * client written the way vtwsclib-style libraries are, with PHP's curl (one handle, kept
 * alive), http_build_query() and json_decode(), paging and writing one request at a time.
 * It is a benchmark baseline only, not part of the extension.
 */
final class BaselineClient
{
    private \CurlHandle $curl;
    private string $endpoint;
    private ?string $session = null;

    public function __construct(string $url, float $timeout = 60.0)
    {
        $this->endpoint = rtrim($url, '/') . '/webservice.php';
        $this->curl = curl_init();
        curl_setopt_array($this->curl, [
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_TIMEOUT_MS => (int) ($timeout * 1000),
            CURLOPT_ENCODING => '',
            CURLOPT_HTTPHEADER => ['Expect:', 'Accept: application/json'],
        ]);
    }

    public function login(string $username, string $accessKey): array
    {
        $challenge = $this->get(['operation' => 'getchallenge', 'username' => $username]);
        $result = $this->post(['operation' => 'login', 'username' => $username,
            'accessKey' => md5($challenge['token'] . $accessKey)]);
        $this->session = $result['sessionName'];
        return $result;
    }

    public function sessionName(): ?string
    {
        return $this->session;
    }

    public function query(string $query): array
    {
        return $this->get(['operation' => 'query', 'sessionName' => $this->session, 'query' => $query]);
    }

    public function retrieve(string $id): array
    {
        return $this->get(['operation' => 'retrieve', 'sessionName' => $this->session, 'id' => $id]);
    }

    /** Every row, a LIMIT offset,100 page at a time in id order, until a short page. */
    public function queryAll(string $select): \Generator
    {
        for ($offset = 0;; $offset += 100) {
            $rows = $this->query("$select ORDER BY id LIMIT $offset, 100;");
            yield from $rows;
            if (count($rows) < 100) {
                return;
            }
        }
    }

    public function create(string $module, array $element): array
    {
        return $this->post(['operation' => 'create', 'sessionName' => $this->session, 'elementType' => $module,
            'element' => json_encode($element, JSON_THROW_ON_ERROR)]);
    }

    /** Every change since $since, one sync page after the other. */
    public function syncAll(int $since, string $module): array
    {
        $updated = $deleted = [];
        do {
            $page = $this->get(['operation' => 'sync', 'sessionName' => $this->session,
                'modifiedTime' => $since, 'elementType' => $module]);
            foreach ($page['updated'] as $record) {
                $updated[$record['id']] = $record;
            }
            foreach ($page['deleted'] as $id) {
                $deleted[$id] = $id;
            }
            $since = (int) $page['lastModifiedTime'];
        } while ($page['more']);
        return ['updated' => array_values($updated), 'deleted' => array_values($deleted), 'lastModifiedTime' => $since];
    }

    private function get(array $params): mixed
    {
        curl_setopt($this->curl, CURLOPT_HTTPGET, true);
        curl_setopt($this->curl, CURLOPT_URL, $this->endpoint . '?' . http_build_query($params));
        return $this->answer($params['operation']);
    }

    private function post(array $params): mixed
    {
        curl_setopt($this->curl, CURLOPT_URL, $this->endpoint);
        curl_setopt($this->curl, CURLOPT_POSTFIELDS, http_build_query($params));
        return $this->answer($params['operation']);
    }

    private function answer(string $operation): mixed
    {
        $body = curl_exec($this->curl);
        if (!is_string($body) || curl_getinfo($this->curl, CURLINFO_RESPONSE_CODE) !== 200) {
            throw new \RuntimeException("$operation: " . curl_error($this->curl));
        }
        $envelope = json_decode($body, true, 512, JSON_THROW_ON_ERROR);
        if (($envelope['success'] ?? false) !== true) {
            throw new \RuntimeException("$operation failed: " . json_encode($envelope['error'] ?? null));
        }
        return $envelope['result'];
    }
}
