package io.github.natsjcache.hibernate;

import static io.github.natsjcache.hibernate.TwoNodes.freshStatistics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.KeyValueManagement;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.github.natsjcache.codec.BucketNames;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hibernate ORM's second-level cache (hibernate-jcache) on nats-jcache, with two SessionFactories as two nodes on one
 * H2 database and one private nats-server: hits on repeat reads without SQL, and on node B the state that node A just
 * committed, never the old one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecondLevelCacheTest {

  private static final String BOOK_REGION = Book.class.getName();
  private static final String PUBLISHER_REGION = Publisher.class.getName();
  private static final String BOOKS_ROLE = Author.class.getName() + ".books";
  private static final AtomicLong PUBLISHER_IDS = new AtomicLong(1000);

  private TwoNodes nodes;
  private SessionFactory a;
  private SessionFactory b;

  @BeforeAll
  void start() throws IOException {
    nodes = TwoNodes.start();
    a = nodes.a;
    b = nodes.b;
  }

  @AfterAll
  void stop() {
    if (nodes != null) {
      nodes.close();
    }
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  /** An author with the given number of books, persisted on node A; returns the author's id. */
  private long authorWithBooks(String email, int books) {
    return TwoNodes.inTransaction(a, session -> {
      Author author = new Author(email, "Author " + email);
      session.persist(author);
      for (int i = 0; i < books; i++) {
        Book book = new Book("Book " + i + " of " + email, 10 + i, author);
        author.getBooks().add(book);
        session.persist(book);
      }
      return author.getId();
    });
  }

  private long firstBookOf(long authorId) {
    return TwoNodes.inTransaction(a, session -> session.find(Author.class, authorId).getBooks().get(0).getId());
  }

  private static String title(SessionFactory node, long bookId) {
    return TwoNodes.inTransaction(node, session -> session.find(Book.class, bookId).getTitle());
  }

  @Test
  void repeatReadsOnOneNodeHitTheSecondLevelCacheWithoutSql() {
    long bookId = firstBookOf(authorWithBooks(unique("repeat"), 1));
    title(a, bookId); // whatever the persist left, the cache holds the book now

    Statistics statistics = freshStatistics(a);
    for (int i = 0; i < 3; i++) {
      assertTrue(title(a, bookId).startsWith("Book 0 of repeat-"));
    }
    assertEquals(3, statistics.getSecondLevelCacheHitCount(), "three reads, three 2LC hits");
    assertEquals(0, statistics.getSecondLevelCacheMissCount());
    assertEquals(0, statistics.getPrepareStatementCount(), "no SQL on a cached read");
    assertEquals(3, statistics.getDomainDataRegionStatistics(BOOK_REGION).getHitCount());
  }

  @Test
  void anotherNodeReadsWhatTheFirstCachedWithoutSql() {
    long bookId = firstBookOf(authorWithBooks(unique("shared"), 1));
    title(a, bookId);

    Statistics statistics = freshStatistics(b);
    assertTrue(title(b, bookId).startsWith("Book 0 of shared-"));
    assertEquals(1, statistics.getSecondLevelCacheHitCount(), "node B hits what node A cached");
    assertEquals(0, statistics.getPrepareStatementCount());
  }

  @Test
  void readWriteUpdateOnNodeAIsReadAtOnceOnNodeBNeverTheOldState() {
    long bookId = firstBookOf(authorWithBooks(unique("rw"), 1));
    for (int round = 0; round < 15; round++) {
      title(b, bookId); // node B holds the current state in its near-cache
      String next = "title " + round;
      TwoNodes.inTransactionDo(a, session -> session.find(Book.class, bookId).setTitle(next));

      Statistics statistics = freshStatistics(b);
      assertEquals(next, title(b, bookId), "round " + round + ": node B read the state before A's commit");
      // READ_WRITE puts the new state into the cache after the commit, so B's read is a hit, not a database read.
      assertEquals(1, statistics.getSecondLevelCacheHitCount(), "round " + round);
      assertEquals(0, statistics.getPrepareStatementCount(), "round " + round);
    }
  }

  @Test
  void nonstrictReadWriteUpdateOnNodeAIsReadAtOnceOnNodeB() {
    long id = PUBLISHER_IDS.incrementAndGet();
    TwoNodes.inTransactionDo(a, session -> session.persist(new Publisher(id, "first")));
    for (int round = 0; round < 15; round++) {
      assertEquals(round == 0 ? "first" : "name " + (round - 1),
          TwoNodes.inTransaction(b, session -> session.find(Publisher.class, id).getName()));
      String next = "name " + round;
      TwoNodes.inTransactionDo(a, session -> session.find(Publisher.class, id).setName(next));
      assertEquals(next, TwoNodes.inTransaction(b, session -> session.find(Publisher.class, id).getName()),
          "round " + round + ": node B read the state before A's commit");
    }
    // NONSTRICT_READ_WRITE evicts on update; the next read puts, and reads after it hit.
    Statistics statistics = freshStatistics(b);
    TwoNodes.inTransaction(b, session -> session.find(Publisher.class, id).getName());
    assertEquals(1, statistics.getDomainDataRegionStatistics(PUBLISHER_REGION).getHitCount());
    assertEquals(0, statistics.getPrepareStatementCount());
  }

  @Test
  void collectionCacheHitsAndSeesAnotherNodesChangeAtOnce() {
    long authorId = authorWithBooks(unique("collection"), 2);
    assertEquals(2, bookCount(a, authorId)); // loads and caches the collection

    Statistics statisticsA = freshStatistics(a);
    assertEquals(2, bookCount(a, authorId));
    assertEquals(1, statisticsA.getCollectionStatistics(BOOKS_ROLE).getCacheHitCount());
    assertEquals(0, statisticsA.getPrepareStatementCount(), "author, collection and books from the cache");

    Statistics statisticsB = freshStatistics(b);
    assertEquals(2, bookCount(b, authorId));
    assertEquals(1, statisticsB.getCollectionStatistics(BOOKS_ROLE).getCacheHitCount(), "node B shares it");
    assertEquals(0, statisticsB.getPrepareStatementCount());

    for (int added = 1; added <= 3; added++) {
      int title = added;
      TwoNodes.inTransactionDo(a, session -> {
        Author author = session.find(Author.class, authorId);
        Book book = new Book("added " + title, 1, author);
        author.getBooks().add(book);
        session.persist(book);
      });
      assertEquals(2 + added, bookCount(b, authorId), "node B sees the book added on node A at once");
    }

    statisticsB = freshStatistics(b);
    assertEquals(5, bookCount(b, authorId));
    assertEquals(1, statisticsB.getCollectionStatistics(BOOKS_ROLE).getCacheHitCount());
    assertEquals(0, statisticsB.getPrepareStatementCount());
  }

  private static int bookCount(SessionFactory node, long authorId) {
    return TwoNodes.inTransaction(node, session -> {
      List<Book> books = session.find(Author.class, authorId).getBooks();
      int count = 0;
      for (Book book : books) {
        if (book.getTitle() != null) {
          count++;
        }
      }
      return count;
    });
  }

  @Test
  void naturalIdCacheResolvesWithoutSqlOnBothNodes() {
    String email = unique("natural") + "@example.org";
    long authorId = authorWithBooks(email, 0);
    TwoNodes.inTransaction(a, session -> session.bySimpleNaturalId(Author.class).load(email));

    Statistics statisticsA = freshStatistics(a);
    Author onA = TwoNodes.inTransaction(a, session -> session.bySimpleNaturalId(Author.class).load(email));
    assertEquals(authorId, onA.getId());
    assertTrue(statisticsA.getNaturalIdCacheHitCount() > 0, "natural id resolved from the cache");
    assertEquals(0, statisticsA.getPrepareStatementCount());

    Statistics statisticsB = freshStatistics(b);
    Author onB = TwoNodes.inTransaction(b, session -> session.bySimpleNaturalId(Author.class).load(email));
    assertEquals(authorId, onB.getId());
    assertTrue(statisticsB.getNaturalIdCacheHitCount() > 0, "node B resolves through node A's cache entry");
    assertEquals(0, statisticsB.getPrepareStatementCount());

    TwoNodes.inTransactionDo(a, session -> session.bySimpleNaturalId(Author.class).load(email).setName("renamed"));
    assertEquals("renamed",
        TwoNodes.inTransaction(b, session -> session.bySimpleNaturalId(Author.class).load(email).getName()));
  }

  @Test
  void queryCacheHitsAcrossNodesAndIsInvalidatedByAnUpdate() {
    String email = unique("query");
    long authorId = authorWithBooks(email, 2);

    assertEquals(2, booksBy(a, email).size()); // caches the result
    Statistics statisticsA = freshStatistics(a);
    assertEquals(2, booksBy(a, email).size());
    assertEquals(1, statisticsA.getQueryCacheHitCount());
    assertEquals(0, statisticsA.getPrepareStatementCount(), "query result and books from the cache");

    Statistics statisticsB = freshStatistics(b);
    assertEquals(2, booksBy(b, email).size());
    assertEquals(1, statisticsB.getQueryCacheHitCount(), "node B uses node A's cached query result");
    assertEquals(0, statisticsB.getPrepareStatementCount());

    // An insert on node A makes the cached result stale (update timestamps region) on every node.
    TwoNodes.inTransactionDo(a, session -> {
      Author author = session.find(Author.class, authorId);
      Book book = new Book("third", 3, author);
      author.getBooks().add(book);
      session.persist(book);
    });
    statisticsB = freshStatistics(b);
    assertEquals(3, booksBy(b, email).size(), "node B does not serve the stale query result");
    assertEquals(0, statisticsB.getQueryCacheHitCount());
    assertEquals(1, statisticsB.getQueryCachePutCount());

    // An update of a queried column, too.
    TwoNodes.inTransactionDo(a, session -> {
      Book cheapest = session.createSelectionQuery(
          "from Book b where b.author.email = :email order by b.price", Book.class)
          .setParameter("email", email).setMaxResults(1).getSingleResult();
      cheapest.setPrice(1_000);
    });
    List<Integer> prices = TwoNodes.inTransaction(b, session -> session.createSelectionQuery(
        "select b.price from Book b where b.author.email = :email order by b.price", Integer.class)
        .setParameter("email", email).setCacheable(true).getResultList());
    assertEquals(1_000, prices.get(prices.size() - 1), "node B's query sees node A's update");

    statisticsB = freshStatistics(b);
    assertEquals(3, booksBy(b, email).size()); // stale after the update: read from the database, cached again
    assertEquals(0, statisticsB.getQueryCacheHitCount());
    assertEquals(3, booksBy(b, email).size());
    assertEquals(1, statisticsB.getQueryCacheHitCount(), "the new result is cached again");
  }

  private static List<Long> booksBy(SessionFactory node, String email) {
    return TwoNodes.inTransaction(node, session -> {
      List<Long> ids = new ArrayList<>();
      for (Book book : session.createSelectionQuery(
              "from Book b where b.author.email = :email order by b.id", Book.class)
          .setParameter("email", email)
          .setCacheable(true)
          .getResultList()) {
        ids.add(book.getId());
      }
      return ids;
    });
  }

  /**
   * A third node, with nothing in memory, reads every entry of every region from the buckets: each Hibernate key and
   * value passes the default deserialization filter (a rejection would throw).
   */
  @Test
  void defaultDeserializationFilterAdmitsHibernateKeysAndEntries() throws IOException {
    String email = unique("filter") + "@example.org";
    long authorId = authorWithBooks(email, 2);
    bookCount(a, authorId);
    booksBy(a, email);
    TwoNodes.inTransaction(a, session -> session.bySimpleNaturalId(Author.class).load(email));
    long publisher = PUBLISHER_IDS.incrementAndGet();
    TwoNodes.inTransactionDo(a, session -> session.persist(new Publisher(publisher, "filtered")));
    TwoNodes.inTransaction(a, session -> session.find(Publisher.class, publisher));

    CacheManager onA = TwoNodes.cacheManager(a);
    CachingProvider provider = Caching.getCachingProvider(TwoNodes.PROVIDER);
    URI third = TwoNodes.nodeFile(nodes.directory, "node-c", nodes.server.url()).toUri();
    Set<String> keyClasses = new HashSet<>();
    Set<String> valueClasses = new HashSet<>();
    int entries = 0;
    try (CacheManager nodeC = provider.getCacheManager(third, provider.getDefaultClassLoader())) {
      for (String name : onA.getCacheNames()) {
        Cache<Object, Object> cache = nodeC.getCache(name);
        assertTrue(cache != null, "node C finds region " + name);
        for (Cache.Entry<Object, Object> entry : cache) {
          keyClasses.add(entry.getKey().getClass().getName());
          valueClasses.add(entry.getValue().getClass().getName());
          assertEquals(entry.getValue().getClass(), cache.get(entry.getKey()).getClass());
          entries++;
        }
      }
    }
    assertTrue(entries > 0);
    assertTrue(keyClasses.stream().anyMatch(k -> k.startsWith("org.hibernate.cache.internal.")), keyClasses::toString);
    assertTrue(keyClasses.contains("org.hibernate.cache.internal.NaturalIdCacheKey"), keyClasses::toString);
    assertTrue(keyClasses.contains("org.hibernate.cache.spi.QueryKey"), keyClasses::toString);
    assertTrue(valueClasses.stream().anyMatch(v -> v.startsWith("org.hibernate.cache.spi.support.AbstractReadWriteAccess$")),
        valueClasses::toString);
    assertTrue(valueClasses.stream().anyMatch(v -> v.startsWith("org.hibernate.cache.spi.entry.")),
        valueClasses::toString);
    System.out.println("Hibernate key classes read back: " + keyClasses);
    System.out.println("Hibernate value classes read back: " + valueClasses);
  }

  /** {@code cache.<region>.storage=memory} in the configuration file applies to that region's bucket only. */
  @Test
  void regionOptionsComeFromTheConfigurationFile() throws Exception {
    try (Connection connection = Nats.connect(nodes.server.url())) {
      KeyValueManagement kv = connection.keyValueManagement();
      assertEquals(StorageType.Memory,
          kv.getStatus(BucketNames.bucketName(null, PUBLISHER_REGION)).getConfiguration().getStorageType());
      assertEquals(StorageType.File,
          kv.getStatus(BucketNames.bucketName(null, BOOK_REGION)).getConfiguration().getStorageType());
    }
  }
}
