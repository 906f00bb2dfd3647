package dev.estimator.job;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.estimator.database.DatabaseDialect;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JobProperties.class)
class JobConfiguration {

    /** Time for the job table (created, started, finished, leases); tests may supply their own clock. */
    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The queue's database-specific half, chosen once. */
    @Bean
    JobQueue jobQueue(JdbcClient jdbc, PlatformTransactionManager transactionManager, JobLossHistory loss,
            DatabaseDialect dialect) {
        TransactionTemplate tx = new TransactionTemplate(transactionManager);
        return dialect.postgres() ? new PostgresJobQueue(jdbc, tx, loss) : new H2JobQueue(jdbc, tx, loss);
    }
}
