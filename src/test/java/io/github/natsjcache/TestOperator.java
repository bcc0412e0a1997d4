package io.github.natsjcache;

import io.nats.client.NKey;
import io.nats.client.support.JsonSerializable;
import io.nats.client.support.JwtUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * A NATS operator with one JetStream-enabled account (and the system account), made for one test with jnats' NKeys and JWT signing: the
 * server configuration that trusts it, and {@code .creds} files (user JWT and seed) for users of the account.
 *
 * @param operator the operator's key pair
 * @param account the account's key pair
 * @param serverConfiguration the {@code operator}/{@code resolver} lines of a server trusting the operator
 */
record TestOperator(NKey operator, NKey account, String serverConfiguration) {

  private static final String OPERATOR_CLAIM = "{\"type\":\"operator\",\"version\":2}";
  private static final String SYSTEM_ACCOUNT_CLAIM = "{\"type\":\"account\",\"version\":2}";
  private static final String ACCOUNT_CLAIM = "{\"limits\":{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,"
      + "\"exports\":-1,\"wildcards\":true,\"conn\":-1,\"leaf\":-1,\"mem_storage\":-1,\"disk_storage\":-1,"
      + "\"streams\":-1,\"consumer\":-1},\"type\":\"account\",\"version\":2}";

  /**
   * Makes the operator, its account and the system account JetStream needs, and the configuration of a server that
   * trusts them.
   */
  static TestOperator create() throws IOException, GeneralSecurityException {
    NKey operator = NKey.createOperator(null);
    NKey account = NKey.createAccount(null);
    NKey system = NKey.createAccount(null);
    String systemPublic = new String(system.getPublicKey());
    return new TestOperator(operator, account, "operator: " + issue(operator, operator, OPERATOR_CLAIM) + "\n"
        + "system_account: " + systemPublic + "\nresolver: MEMORY\nresolver_preload: {\n"
        + "  " + new String(account.getPublicKey()) + ": " + issue(operator, account, ACCOUNT_CLAIM) + "\n"
        + "  " + systemPublic + ": " + issue(operator, system, SYSTEM_ACCOUNT_CLAIM) + "\n}\n");
  }

  /** Writes a {@code .creds} file for a new user of the account, signed by {@code signer} (the account's key). */
  Path credentials(Path file, NKey signer) throws IOException, GeneralSecurityException {
    NKey user = NKey.createUser(null);
    String jwt = JwtUtils.issueUserJWT(signer, new String(account.getPublicKey()), new String(user.getPublicKey()));
    Files.writeString(file, String.format(JwtUtils.NATS_USER_JWT_FORMAT, jwt, new String(user.getSeed())));
    return file;
  }

  private static String issue(NKey issuer, NKey subject, String claim)
      throws IOException, GeneralSecurityException {
    JsonSerializable nats = () -> claim;
    return JwtUtils.issueJWT(issuer, new String(subject.getPublicKey()), null, null,
        JwtUtils.currentTimeSeconds(), new String(issuer.getPublicKey()), nats);
  }
}
